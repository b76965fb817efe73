/** Command-line flags as `--name value` / `--name=value` / bare `--flag` (true). No imports, so runners can parse before building. */
export function parseFlags(argv = process.argv.slice(2)) {
  const flags = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) continue;
    const eq = arg.indexOf('=');
    if (eq > 0) flags[arg.slice(2, eq)] = arg.slice(eq + 1);
    else if (argv[i + 1] !== undefined && !argv[i + 1].startsWith('--')) flags[arg.slice(2)] = argv[++i];
    else flags[arg.slice(2)] = true;
  }
  return flags;
}

/** The parts named by `--only a,b` (default: all of them); an unknown name ends the run with exit code 64. */
export function selectParts(flags, all) {
  const only = typeof flags.only === 'string' ? flags.only.split(',').map((s) => s.trim()) : all;
  const unknown = only.filter((name) => !all.includes(name));
  if (unknown.length) {
    console.error(`Unknown benchmark(s): ${unknown.join(', ')}. Choose from: ${all.join(', ')}.`);
    process.exit(64);
  }
  return only;
}
