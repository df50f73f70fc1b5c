#!/usr/bin/env node
import { closest } from '@scall/plugin-utils';
import { defineCommand, runCommand, showUsage, type ArgsDef, type CommandDef } from 'citty';
import { debugRequested, describeFailure, UserError } from './user-error.js';

// Sub-commands load lazily: `scall run` never pays for the report's chart renderer.
const subCommands: Record<string, () => Promise<CommandDef<ArgsDef>>> = {
  run: () => import('./commands/run.js').then((m) => m.runCommand as unknown as CommandDef<ArgsDef>),
  bench: () => import('./commands/bench.js').then((m) => m.benchCommand as unknown as CommandDef<ArgsDef>),
  report: () => import('./commands/report.js').then((m) => m.reportCommand as unknown as CommandDef<ArgsDef>),
  segments: () => import('./commands/segments.js').then((m) => m.segmentsCommand as unknown as CommandDef<ArgsDef>),
  quickstart: () => import('./commands/quickstart.js').then((m) => m.quickstartCommand as unknown as CommandDef<ArgsDef>),
};

const main: CommandDef<ArgsDef> = defineCommand({
  meta: { name: 'scall', description: 'SCALL: embedding sizes under a memory budget for streaming recommenders' },
  args: { debug: { type: 'boolean', description: 'print stack traces of errors (also SCALL_DEBUG=1)' } } as ArgsDef,
  subCommands,
});

const HELP = new Set(['--help', '-h']);

/** Rejects flags the sub-command does not declare (citty ignores them), with a suggestion. */
async function checkFlags(name: string, command: CommandDef<ArgsDef>, rawArgs: readonly string[]): Promise<void> {
  const args = (typeof command.args === 'function' ? await command.args() : await command.args) ?? {};
  const known = new Set<string>(['debug']);
  for (const [key, def] of Object.entries(args)) {
    if (def.type === 'positional') continue;
    known.add(key);
    for (const alias of [(def as { alias?: string | string[] }).alias ?? []].flat()) known.add(alias);
  }
  for (const arg of rawArgs) {
    if (!arg.startsWith('--') || arg === '--') continue;
    const key = arg.slice(2).split('=')[0];
    const plain = key.startsWith('no-') && known.has(key.slice(3)) ? key.slice(3) : key;
    if (known.has(plain)) continue;
    const flags = [...known].filter((k) => k !== 'debug');
    const hint = closest(key, flags);
    throw new UserError(`unknown option --${key} for "scall ${name}"${hint ? ` (did you mean --${hint}?)` : ''}`, {
      hint: `options of scall ${name}: ${flags.map((f) => `--${f}`).join(', ')} (see scall ${name} --help)`,
    });
  }
}

async function cli(argv: readonly string[]): Promise<void> {
  const rawArgs = argv.filter((arg) => arg !== '--debug');
  const name = rawArgs.find((arg) => !arg.startsWith('-'));
  if (rawArgs.some((arg) => HELP.has(arg)) || rawArgs.length === 0) {
    const load = name === undefined ? undefined : subCommands[name];
    await showUsage(load ? await load() : main, load ? main : undefined);
    if (rawArgs.length === 0) process.exitCode = 2;
    return;
  }
  if (name === undefined || !(name in subCommands)) {
    const hint = name === undefined ? undefined : closest(name, Object.keys(subCommands));
    throw new UserError(`${name === undefined ? 'no command given' : `unknown command "${name}"`}${hint ? ` (did you mean "${hint}"?)` : ''}`, {
      hint: `commands: ${Object.keys(subCommands).join(', ')} (see scall --help)`,
    });
  }
  await checkFlags(name, await subCommands[name](), rawArgs.slice(rawArgs.indexOf(name) + 1));
  await runCommand(main, { rawArgs });
}

const debug = debugRequested();
const fail = (error: unknown): never => {
  const { text, exitCode } = describeFailure(error, debug);
  console.error(text);
  process.exit(exitCode);
};
process.on('unhandledRejection', fail);
cli(process.argv.slice(2)).catch(fail);
