// No secrets in output: a password is masked where it stands (the userinfo of a URL, a password
// parameter), and nothing else is touched: a password "postgres" leaves the word PostgreSQL, the
// user "postgres" and the database "postgres" as they are.

/**
 * `scheme://user:password@`: the password runs to the last `@` of the URL (a URL in a message ends
 * at white space), so that one that breaks the URL's syntax (a raw `/` or `@`) is masked whole.
 */
const URL_PASSWORD = /([a-z][a-z0-9+.-]*:\/\/[^\s:@/?#]*:)[^\s]*@/gi;

/** `password=...` (and `sslpassword=...`) in a query string or a libpq keyword string, quoted or not. */
const PASSWORD_PARAM = /(\b(?:ssl)?password\s*=\s*)(?:'[^']*'|"[^"]*"|[^\s&;,]+)/gi;

/** `postgres://user:secret@host/db?password=x` → `postgres://user:***@host/db?password=***`. */
export function maskUrl(url: string): string {
  return scrub(url);
}

/**
 * Masks every password in `text` where it stands: in any URL's userinfo (whichever URL: a driver
 * may print the one it was given, or one it made), and in password parameters.
 */
export function scrub(text: string): string {
  return text.replace(URL_PASSWORD, "$1***@").replace(PASSWORD_PARAM, "$1***");
}
