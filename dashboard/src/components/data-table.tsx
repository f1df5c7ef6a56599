import type { ComponentChildren } from 'preact';

interface Props {
  /** The table's class, which the styles and the browser tests find it by. */
  name: string;
  /** The column headings, in order. */
  columns: string[];
  /** A caption for assistive technology only (the section heading shows it to everyone else). */
  caption?: string;
  describedBy?: string;
  /** The body rows. */
  children: ComponentChildren;
}

/** A data table with column headings, in a wrapper that scrolls sideways on narrow screens. */
export function DataTable({ name, columns, caption, describedBy, children }: Props) {
  return (
    <div class="table-wrap">
      <table class={name} aria-describedby={describedBy}>
        {caption && <caption class="visually-hidden">{caption}</caption>}
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column} scope="col">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
