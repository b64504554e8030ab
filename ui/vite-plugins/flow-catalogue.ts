/**
 * @module Vite plugin: `virtual:flow-catalogue`, what the rules package says about its node types and
 * operators (titles, categories, outputs, settings as JSON Schema), computed once at build time.
 *
 * The editor draws a flow from this alone. Computing it in the browser meant loading the whole rules
 * package (zod, the compiler, json-rules-engine: 260 kB) and converting every settings schema to JSON
 * Schema before the first node could be drawn; the rules package now loads only when an edit is validated
 * or a form needs it.
 */
import { runnerImport, type Plugin } from 'vite';

type Rules = typeof import('@dropline/rules');

const ID = 'virtual:flow-catalogue';
const RESOLVED = `\0${ID}`;

interface Described {
  code: string;
  /** The rules package's source files: a change to one describes the catalogue again (`vite dev`). */
  files: string[];
}

async function describe(): Promise<Described> {
  // The workspace packages are TypeScript: run through Vite, not Node (which would refuse `.ts`).
  const { module: rules, dependencies } = await runnerImport<Rules>('@dropline/rules', {
    logLevel: 'warn',
    environments: { inline: { resolve: { noExternal: [/^@dropline\//] } } },
  });
  const data = { nodes: rules.describeNodes(), operators: rules.describeOperators() };
  // A JSON string parsed at run time: V8 reads JSON faster than the same data as an object literal.
  return { code: `export default JSON.parse(${JSON.stringify(JSON.stringify(data))});`, files: dependencies };
}

export function flowCatalogue(): Plugin {
  // Shared by the client and server builds.
  let described: Promise<Described> | undefined;
  let sources = new Set<string>();
  return {
    name: 'dropline:flow-catalogue',
    resolveId: (id) => (id === ID ? RESOLVED : undefined),
    async load(id) {
      if (id !== RESOLVED) return undefined;
      described ??= describe().then((d) => {
        sources = new Set(d.files);
        return d;
      });
      const { code, files } = await described;
      for (const file of files) this.addWatchFile(file);
      return code;
    },
    watchChange(id) {
      if (sources.has(id)) described = undefined;
    },
  };
}
