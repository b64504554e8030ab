/**
 * @module `node --import tsx bench/run.ts <benchmark> [options]` (or `npm run bench -- <benchmark>`):
 * runs one benchmark, which prints a Markdown table and writes its JSON to bench/results/.
 */
import { runEditorBenchmark } from './editor/run.ts';
import { runIngestBenchmark } from './ingest/run.ts';
import { runRulesBenchmark } from './rules/run.ts';
import { runInventoryFeedBenchmark } from './inventory-feed/run.ts';

const BENCHMARKS: Record<string, { summary: string; run(argv: string[]): Promise<unknown> }> = {
  editor: {
    summary: 'flow editor in headless Chromium: a 300-node flow open → interactive and drag frame times, vs 10 nodes and the bare canvas',
    run: runEditorBenchmark,
  },
  ingest: {
    summary: 'signed Shopify deliveries/s into the hub vs a bare insert-only endpoint, SQLite and PostgreSQL',
    run: runIngestBenchmark,
  },
  'inventory-feed': {
    summary: '1,000,000-row supplier CSV against a 1,000,000-product catalog: parse + diff + queue vs a bare csv-parse pass',
    run: runInventoryFeedBenchmark,
  },
  rules: {
    summary: 'routing decisions/s of a 25-node flow vs raw json-rules-engine and a plain function',
    run: runRulesBenchmark,
  },
};

const [name, ...argv] = process.argv.slice(2);
const benchmark = name ? BENCHMARKS[name] : undefined;
if (!benchmark) {
  process.stderr.write(
    `usage: node --import tsx bench/run.ts <benchmark> [options]\n\n${Object.entries(BENCHMARKS)
      .map(([n, b]) => `  ${n.padEnd(10)} ${b.summary}`)
      .join('\n')}\n`,
  );
  process.exit(name ? 2 : 0);
}
try {
  await benchmark.run(argv);
  process.exit(0);
} catch (err) {
  process.stderr.write(`${(err as Error).stack ?? err}\n`);
  process.exit(1);
}
