// Where CONSOLE_AUDIT_SYSLOG points. Its own file, free of sockets, so the env schema can use it.

export interface SyslogTarget {
  protocol: 'tcp' | 'udp';
  host: string;
  port: number;
}

/** `tcp://host:port` or `udp://host:port`; undefined when the text is not one of those. */
export function parseSyslogTarget(text: string): SyslogTarget | undefined {
  const m = /^(tcp|udp):\/\/(\[[0-9a-fA-F:.]+\]|[^\s/:[\]]+):(\d{1,5})\/?$/.exec(text.trim());
  if (!m) return undefined;
  const port = Number(m[3]);
  if (port < 1 || port > 65_535) return undefined;
  return { protocol: m[1] as 'tcp' | 'udp', host: m[2]!.replace(/^\[|\]$/g, ''), port };
}
