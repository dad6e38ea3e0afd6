import { expect, test } from "@playwright/test";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { expectFieldError, signUp, snap } from "./helpers";

// A real SMTP server on 127.0.0.1 that accepts only the second password, so a passing
// "Test connection" proves the replaced secret is the one in use.
const FIRST_PASSWORD = "first-password-CANARY-1";
const NEW_PASSWORD = "second-password-CANARY-2";
let smtp: SMTPServer;
let port: number;

test.beforeAll(async () => {
  smtp = new SMTPServer({
    // Pooled senders keep connections open; do not wait 30 s for them on close.
    closeTimeout: 200,
    disabledCommands: ["STARTTLS"],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, cb) {
      if (auth.username === "mailer" && auth.password === NEW_PASSWORD) return cb(null, { user: "mailer" });
      cb(new Error("Invalid username or password"));
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  port = (smtp.server.address() as AddressInfo).port;
});
test.afterAll(() => new Promise<void>((resolve) => smtp.close(() => resolve())));

test("an admin adds an SMTP credential, sees it masked, allows 127.0.0.1, replaces the secret and tests the connection", async ({ page }) => {
  await signUp(page, { name: "Olga Owner" });
  await expect(page).toHaveURL(/\/workflows$/);
  await page.getByRole("link", { name: "Credentials" }).click();
  await expect(page.getByRole("heading", { name: "Credentials", level: 1 })).toBeVisible();
  await expect(page.getByText("No credentials yet.")).toBeVisible();
  await snap(page, "credentials-empty");

  await page.getByRole("button", { name: "+ Add credential" }).click();
  await page.getByLabel("Type").selectOption("smtp");
  await page.getByLabel("Name", { exact: true }).fill("Office mail");
  await page.getByLabel("SMTP server").fill("127.0.0.1");
  await page.getByLabel("Port", { exact: true }).fill(String(port));
  await page.getByLabel("User name").fill("mailer");
  await page.getByLabel("Default From address").fill("Office <office@acme.test>");
  await page.getByLabel("Password", { exact: true }).fill(FIRST_PASSWORD);
  await page.getByLabel("Workspace default for Send e-mail").check();
  await snap(page, "credentials-add-smtp");
  await page.getByRole("button", { name: "Save credential" }).click();

  const card = page.getByRole("listitem", { name: "Credential Office mail" });
  await expect(card).toBeVisible();
  await expect(card.getByLabel("password is set (hidden)")).toHaveText("••••••••");
  await expect(card.getByText("Not used by any workflow.")).toBeVisible();
  expect(await page.content()).not.toContain(FIRST_PASSWORD);
  await snap(page, "credentials-masked");

  // Loopback is refused until an admin allows it.
  await card.getByRole("button", { name: "Test connection" }).click();
  await expect(card.getByRole("status")).toContainText("Blocked: 127.0.0.1 is a loopback address");

  await page.getByRole("link", { name: "Settings" }).click();
  await page.getByLabel("Allowed hosts and networks").fill("not a host!");
  await page.getByRole("button", { name: "Save outbound access" }).click();
  await expectFieldError(page, "Allowed hosts and networks", "is not a host name, IP address or CIDR range");
  await page.getByLabel("Allowed hosts and networks").fill("127.0.0.1");
  await page.getByRole("button", { name: "Save outbound access" }).click();
  await expect(page.getByText("Saved.")).toBeVisible();
  await snap(page, "settings-outbound-access");

  await page.getByRole("link", { name: "Credentials" }).click();
  await card.getByRole("button", { name: "Test connection" }).click();
  await expect(card.getByRole("status")).toContainText("rejected the login");

  await card.getByRole("button", { name: "Replace secret" }).click();
  await page.getByRole("dialog").getByLabel("Password").fill(NEW_PASSWORD);
  await page.getByRole("button", { name: "Replace secret" }).last().click();
  await expect(page.getByRole("dialog")).toBeHidden();
  await card.getByRole("button", { name: "Test connection" }).click();
  await expect(card.getByRole("status")).toContainText(`Connected to 127.0.0.1:${port} and signed in as mailer.`);
  await expect(card.getByLabel("password is set (hidden)")).toHaveText("••••••••");
  const html = await page.content();
  expect(html).not.toContain(NEW_PASSWORD);
  expect(html).not.toContain(FIRST_PASSWORD);
  await snap(page, "credentials-tested");

  await page.reload();
  await expect(page.getByRole("listitem", { name: "Credential Office mail" }).getByRole("status")).toContainText("signed in as mailer");
});
