import { TextOperation } from './text-operation.js';

/**
 * The smallest single splice that turns `from` into `to` (common prefix and suffix kept), as an
 * operation on `from`. Used to send "replace the whole text with X" (restore a version, re-apply
 * a kept draft) as an ordinary, undoable op. Never cuts a surrogate pair.
 */
export function diffToOperation(from: string, to: string): TextOperation {
  let prefix = 0;
  const max = Math.min(from.length, to.length);
  while (prefix < max && from.charCodeAt(prefix) === to.charCodeAt(prefix)) prefix++;
  if (prefix > 0 && isHighSurrogate(from.charCodeAt(prefix - 1))) prefix--;
  let suffix = 0;
  const maxSuffix = max - prefix;
  while (
    suffix < maxSuffix &&
    from.charCodeAt(from.length - 1 - suffix) === to.charCodeAt(to.length - 1 - suffix)
  ) {
    suffix++;
  }
  if (suffix > 0 && isLowSurrogate(from.charCodeAt(from.length - suffix))) suffix--;
  return TextOperation.builder()
    .retain(prefix)
    .delete(from.length - prefix - suffix)
    .insert(to.slice(prefix, to.length - suffix))
    .retain(suffix)
    .build();
}

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}
