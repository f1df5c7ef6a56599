import { type DashboardConfig, parseConfig } from '../config';

/** Loads and checks config.json (beside index.html); a broken file is reported, never guessed around. */
export async function loadConfig(url = 'config.json'): Promise<DashboardConfig> {
  const response = await fetch(url, { cache: 'no-store' });
  if (!response.ok) throw new Error(`config.json could not be loaded (HTTP ${response.status})`);
  return parseConfig(await response.json());
}
