/**
 * The plug-in packages that ship with the reference app, one line each. Every one
 * exports `scallPlugins` (a `PluginManifest`) and is loaded by {@link loadPlugins} — the
 * same door a config's `plugins: [...]` entries come through — and its version goes into
 * `results.json`. To ship a new plug-in: add its package here and as a workspace
 * dependency in `apps/reference/package.json`. Order matters only for clashes: a later
 * package (and any config plug-in) replaces an earlier one's name.
 */
export const BUILTIN_PLUGIN_PACKAGES: readonly string[] = [
  '@scall/datasets',
  '@scall/distribution-power-law',
  '@scall/distribution-pareto',
  '@scall/distribution-truncated-normal',
  '@scall/distribution-truncated-exponential',
  '@scall/distribution-log-normal',
  '@scall/distribution-uniform',
  '@scall/allocators',
  '@scall/agent-sac',
  '@scall/agent-td3',
  '@scall/recommender-lightgcn',
  '@scall/recommender-mf',
  '@scall/searcher-scall',
  '@scall/searcher-baselines',
  '@scall/searcher-bet',
  '@scall/searcher-ciess',
  '@scall/searcher-sparserec',
];
