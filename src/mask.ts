// No secrets in output: a connection URL's password is masked where it stands, in URLs and in
// messages drivers write.

/** `postgres://user:secret@host/db` → `postgres://user:***@host/db`; unparseable input is hidden whole. */
export function maskUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return url.replace(/\/\/([^:/@]*):[^@]*@/, "//$1:***@");
  }
}

/** Removes every password found in `urls` from `text` (for error messages from drivers). */
export function scrub(text: string, urls: readonly string[]): string {
  let out = text;
  for (const url of urls) {
    const pw = passwordOf(url);
    if (pw) out = out.split(pw).join("***").split(encodeURIComponent(pw)).join("***");
    out = out.split(url).join(maskUrl(url));
  }
  return out;
}

function passwordOf(url: string): string {
  try {
    return decodeURIComponent(new URL(url).password);
  } catch {
    return /\/\/[^:/@]*:([^@]*)@/.exec(url)?.[1] ?? "";
  }
}
