import type { ExtraHeader } from './extra-header.js';
import type { Exchange } from './exchange.js';
import { API_KEY_PLACEHOLDER } from './scrub.js';

/** Whether a code point is an ASCII control character (C0 or DEL), which '…' quoting would carry raw. */
const isControl = (c: number): boolean => c < 0x20 || c === 0x7f;

/**
 * Quotes a string for a POSIX shell: '…' when printable, $'…' (bash/zsh ANSI-C quoting) otherwise. The kit's one
 * shell quoting (the CLI's serve command can take it from the kit's index).
 */
export function shellQuote(s: string): string {
  if (![...s].some((ch) => isControl(ch.codePointAt(0)!))) return `'${s.replace(/'/g, `'\\''`)}'`;
  let out = "$'";
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === "'") out += "\\'";
    else if (isControl(c)) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}'`;
}

/** The longest run of one repeated character, for writing a big body as printf + head instead of verbatim. */
function longestRun(s: string): { start: number; length: number } {
  let best = { start: 0, length: 0 };
  let i = 0;
  while (i < s.length) {
    let j = i + 1;
    while (j < s.length && s[j] === s[i]) j++;
    if (j - i > best.length) best = { start: i, length: j - i };
    i = j;
  }
  return best;
}

/**
 * A curl command that sends the exchange's request again. The run's API key is written as `$APIKEYS_KIT_API_KEY` and
 * each extra header's value (`--header`) as its `$APIKEYS_KIT_HEADER_<NAME>` (so the command is safe to paste into a
 * ticket); other header values, including a deliberately wrong key, verbatim.
 */
export function curlOf(
  ex: Pick<Exchange, 'method' | 'url' | 'requestHeaders' | 'requestBody' | 'requestBodyBase64'>,
  apiKeyHeader: string,
  apiKey: string,
  extraHeaders: readonly ExtraHeader[] = [],
): string {
  const parts = ['curl', '--include', '--request', shellQuote(ex.method), '--url', shellQuote(ex.url)];
  for (const [name, value] of Object.entries(ex.requestHeaders)) {
    const derived = name === apiKeyHeader.toLowerCase() ? apiKeyExpression(value, apiKey) : undefined;
    const extra = extraHeaders.find((h) => h.name === name && h.value === value);
    if (derived !== undefined) parts.push('--header', `"${apiKeyHeader}: ${derived}"`);
    // A token may hold $, ` and \ (RFC 9110 §5.6.2), which a double-quoted shell word would expand: escaped.
    else if (extra) parts.push('--header', `"${dq(name)}: $${extra.variable}"`);
    else parts.push('--header', shellQuote(`${name}: ${value}`));
  }
  if (ex.requestBodyBase64 !== undefined)
    return `printf '%s' ${shellQuote(ex.requestBodyBase64)} | base64 -d | ${parts.join(' ')} --data-binary @-`;
  const body = ex.requestBody;
  if (body === undefined) return parts.join(' ');
  const run = longestRun(body);
  if (body.length > 1024 && run.length > 512) {
    const ch = body[run.start]!;
    const head = shellQuote(body.slice(0, run.start));
    const tail = shellQuote(body.slice(run.start + run.length));
    const bytes = Buffer.byteLength(ch);
    const gen =
      bytes === 1 && ch !== '\0'
        ? `head -c ${run.length} /dev/zero | tr '\\0' ${shellQuote(ch)}`
        : `yes ${shellQuote(ch)} | head -n ${run.length} | tr -d '\\n'`;
    return `{ printf '%s' ${head}; ${gen}; printf '%s' ${tail}; } | ${parts.join(' ')} --data-binary @-`;
  }
  return `${parts.join(' ')} --data-binary ${shellQuote(body)}`;
}

/** Escapes text for a bash double-quoted string. */
function dq(s: string): string {
  return s.replace(/[\\"$`]/g, (c) => `\\${c}`);
}

/**
 * The API key header value as a bash expression of `$APIKEYS_KIT_API_KEY` when it is the key or a near miss of it
 * (other case, cut short, extended, one character changed), so a curl that reproduces a wrong-key failure never
 * spells the real key. Undefined when the value is unrelated to the key (then it is no secret and shown as is).
 */
export function apiKeyExpression(value: string, apiKey: string): string | undefined {
  const v = API_KEY_PLACEHOLDER.slice(1); // the variable's name
  if (apiKey === '') return undefined;
  if (value === apiKey) return `$${v}`;
  if (value === apiKey.toUpperCase()) return `\${${v}^^}`;
  if (value === apiKey.toLowerCase()) return `\${${v},,}`;
  if (value.length < apiKey.length && apiKey.startsWith(value)) return `\${${v}:0:${value.length}}`;
  if (value.startsWith(apiKey)) return `\${${v}}${dq(value.slice(apiKey.length))}`;
  if (value.length === apiKey.length) {
    const diff = [...value].flatMap((c, i) => (c === apiKey[i] ? [] : [i]));
    if (diff.length === 1) {
      const i = diff[0]!;
      return `\${${v}:0:${i}}${dq(value[i]!)}\${${v}:${i + 1}}`;
    }
  }
  return undefined;
}

/**
 * A shell command that writes a hand-made message (a raw exchange) to the target again: `printf` piped into `nc`, or
 * into `openssl s_client` for an https target. The run's API key and each extra header's value are written as their
 * shell variables, as in {@link curlOf}.
 */
export function rawCommandOf(
  text: string,
  target: URL,
  apiKey: string,
  extraHeaders: readonly ExtraHeader[] = [],
): string {
  const secrets = [
    ...(apiKey === '' ? [] : [{ value: apiKey, variable: API_KEY_PLACEHOLDER.slice(1) }]),
    ...extraHeaders.filter((h) => h.value !== '').map((h) => ({ value: h.value, variable: h.variable })),
  ];
  // The message as shell words: literal runs quoted, each secret as its "$VARIABLE", all concatenated into one word.
  let words: string[] = [text];
  const out: string[] = [];
  for (const secret of secrets) {
    words = words.flatMap((w, i) => (i % 2 === 1 ? [w] : splitKeep(w, secret.value, `"$${secret.variable}"`)));
  }
  words.forEach((w, i) => out.push(i % 2 === 1 ? w : w === '' ? '' : shellQuote(w)));
  const host = target.hostname.replace(/^\[|\]$/g, '');
  const port = target.port || (target.protocol === 'https:' ? '443' : '80');
  const sink =
    target.protocol === 'https:'
      ? `openssl s_client -quiet -connect ${shellQuote(`${target.hostname}:${port}`)} -servername ${shellQuote(host)}`
      : `nc ${shellQuote(host)} ${port}`;
  return `printf '%s' ${out.join('')} | ${sink}`;
}

/** `text` split at every `value`, with `replacement` between the parts: [part, replacement, part, …]. */
function splitKeep(text: string, value: string, replacement: string): string[] {
  const parts = text.split(value);
  return parts.flatMap((p, i) => (i === 0 ? [p] : [replacement, p]));
}
