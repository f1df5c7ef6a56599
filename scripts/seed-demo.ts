/**
 * `npm run seed:demo`: fills the running local API (`npm start`; PORT or
 * RECONNECT_URL pick it) with the demo practice and a dozen couples, then
 * prints the caseload it made. Run it again for another, separate demo set.
 */
import { seedDemo } from './demo/seed-demo';

async function main(): Promise<void> {
  const baseUrl = process.env.RECONNECT_URL ?? `http://127.0.0.1:${process.env.PORT ?? 4000}`;
  const started = Date.now();
  const result = await seedDemo({ baseUrl, log: (line) => console.log(line) });
  console.log(
    `\nDone in ${((Date.now() - started) / 1000).toFixed(1)} s. Practice "${result.practiceName}" with ${result.couples.length} couples:\n`,
  );
  const rows = result.couples.map((c) => ({
    couple: `${c.partners[0].name} & ${c.partners[1].name}`,
    access: c.scope,
    risk: c.health.driftRisk,
    signals: c.health.driftSignals.join(', ') || '-',
    'days since': c.health.daysSinceLastReconnect ?? 'never',
    intended: c.intent.risk === c.health.driftRisk ? 'yes' : `no (${c.intent.risk})`,
  }));
  console.table(rows);
  console.log(`\nOpen ${baseUrl}/dashboard/ and sign in as "${result.counselor.sub}" (${result.counselor.name}).`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  if (String(error).includes('fetch failed')) console.error('Is the local API running? Start it with `npm start` (PORT picks the port).');
  process.exit(1);
});
