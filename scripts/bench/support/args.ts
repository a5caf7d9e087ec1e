// The benches' command-line options: `--name value`.

/** The value after `--name`, or undefined when the option is not given. */
export function argOf(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

/** The number after `--name`, or `dflt` when the option is not given. */
export function numberArg(name: string, dflt: number): number {
  const v = argOf(name);
  return v === undefined ? dflt : Number(v);
}
