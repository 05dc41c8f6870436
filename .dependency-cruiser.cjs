/** Layer arrows of docs/architecture.md: wire <- core <- store, network <- server <- cli. */
module.exports = {
  forbidden: [
    {
      name: 'wire-imports-nothing-of-ours',
      severity: 'error',
      from: { path: '^src/wire/' },
      to: { path: '^src/(core|store|network|server|cli)/' },
    },
    {
      name: 'core-is-pure',
      comment: 'The core holds rules and use cases: no storage, transport, HTTP, SQL or file system.',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { path: ['^src/(store|network|server|cli)/', 'node_modules/(fastify|kysely|better-sqlite3|pg|undici|commander)/', '^(fs|node:fs|fs/promises|node:fs/promises|http|node:http|net|node:net|child_process|node:child_process)$'] },
    },
    {
      name: 'core-modules-talk-through-their-index',
      comment: 'Another module is reached only through its index.ts.',
      severity: 'error',
      from: { path: '^src/core/([^/]+)/' },
      to: { path: '^src/core/([^/]+)/.+', pathNot: ['^src/core/$1/', '^src/core/[^/]+/index\\.ts$'] },
    },
    {
      name: 'store-and-network-stay-below-server',
      severity: 'error',
      from: { path: '^src/(store|network)/' },
      to: { path: '^src/(server|cli)/' },
    },
    {
      name: 'store-and-network-are-siblings',
      severity: 'error',
      from: { path: '^src/store/' },
      to: { path: '^src/network/' },
    },
    {
      name: 'network-does-not-use-store',
      severity: 'error',
      from: { path: '^src/network/' },
      to: { path: '^src/store/' },
    },
    {
      name: 'server-does-not-use-cli',
      severity: 'error',
      from: { path: '^src/server/' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
