// Passwords are masked where they stand, and every other word of a message stays as it was, even
// when the password is a word the message also uses ("postgres", "admin", "p").
import { describe, expect, it } from "vitest";
import { maskUrl, scrub } from "../../src/mask.js";

describe("maskUrl and scrub", () => {
  it("masks only the password's own place when it is the user, the database and a word of the message", () => {
    expect(maskUrl("postgres://postgres:postgres@localhost/nextcrm")).toBe("postgres://postgres:***@localhost/nextcrm");
    expect(
      scrub('PostgreSQL at postgres://postgres:postgres@127.0.0.1:1/postgres could not be reached: role "postgres" does not exist'),
    ).toBe('PostgreSQL at postgres://postgres:***@127.0.0.1:1/postgres could not be reached: role "postgres" does not exist');
  });

  it("leaves words that contain the password alone", () => {
    expect(
      scrub("NextCRM MongoDB → PostgreSQL migration: mongodb://u:p@127.0.0.1:27017/nextcrm → postgres://r:admin@127.0.0.1:5432/nextcrm"),
    ).toBe("NextCRM MongoDB → PostgreSQL migration: mongodb://u:***@127.0.0.1:27017/nextcrm → postgres://r:***@127.0.0.1:5432/nextcrm");
    expect(scrub("is_admin: expected a boolean, got string")).toBe("is_admin: expected a boolean, got string");
  });

  it("masks a password whole, whatever it holds, percent-encoded or not", () => {
    expect(maskUrl("mongodb://nc_user:Canary%3AMg%2F7f3a9@host/db?authMechanism=PLAIN")).toBe(
      "mongodb://nc_user:***@host/db?authMechanism=PLAIN",
    );
    expect(maskUrl("postgres://me:pa/ss@w@rd@host/db")).toBe("postgres://me:***@host/db");
    expect(maskUrl("postgres://me:Canary@[bad")).toBe("postgres://me:***@[bad");
    expect(scrub('connect to "mongodb+srv://a:b@cluster0.example.net/x" failed')).toBe(
      'connect to "mongodb+srv://a:***@cluster0.example.net/x" failed',
    );
  });

  it("masks password parameters of URLs and keyword strings", () => {
    expect(maskUrl("postgres://host/db?sslmode=require&password=hunter2&application_name=x")).toBe(
      "postgres://host/db?sslmode=require&password=***&application_name=x",
    );
    expect(scrub("host=db user=me password='two words' sslpassword=k dbname=crm")).toBe(
      "host=db user=me password=*** sslpassword=*** dbname=crm",
    );
  });

  it("changes nothing in a URL without a password, nor in a message without a URL", () => {
    for (const text of [
      "postgres://me@host/db",
      "mongodb://127.0.0.1:27017/nextcrm",
      "e-mail me@example.com: password reset",
      "ratio 2:1 @ noon",
    ])
      expect(scrub(text)).toBe(text);
  });
});
