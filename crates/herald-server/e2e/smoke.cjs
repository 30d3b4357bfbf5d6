// End-to-end smoke test of the web UI in headless Chromium.
//
//   herald --db some.db serve --addr 127.0.0.1:8099 &
//   npm install playwright-core   # once, anywhere; then NODE_PATH=that/node_modules
//   HERALD_URL=http://127.0.0.1:8099 node crates/herald-server/e2e/smoke.cjs
//
// Walks home → story → article → event → events filter → search and fails on
// any page error, console error (CSP violations included) or missing element.
"use strict";
const { chromium } = require("playwright-core");

const BASE = process.env.HERALD_URL || "http://127.0.0.1:8099";
const CHROME = process.env.CHROMIUM || "/usr/bin/chromium";

(async () => {
  const browser = await chromium.launch({
    executablePath: CHROME,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
  });
  const page = await browser.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push("page error: " + e.message));
  let expect400 = false; // the bad-filter step asks for one on purpose
  page.on("console", (m) => {
    if (m.type() !== "error") return;
    if (expect400 && m.text().includes("status of 400")) return;
    problems.push("console: " + m.text());
  });
  const step = async (name, fn) => {
    const t = Date.now();
    await fn();
    console.log(`ok  ${name} (${Date.now() - t} ms)`);
  };
  try {
    await step("home lists stories", async () => {
      await page.goto(BASE + "/");
      await page.waitForSelector("main .cards li .title a");
      await page.waitForFunction(() => document.getElementById("status").textContent.includes("articles"));
    });
    await step("story page has articles and events", async () => {
      await page.click("main .cards li .title a");
      await page.waitForSelector("main h2");
      const h2 = await page.$$eval("main h2", (els) => els.map((e) => e.textContent));
      if (!h2.some((t) => t.startsWith("Articles")) || !h2.some((t) => t.startsWith("Events"))) throw new Error("story sections: " + h2);
    });
    await step("article page marks event spans", async () => {
      await page.click("main .cards li .title a");
      await page.waitForSelector("main .text");
      const marks = await page.$$eval("main .text mark", (m) => m.length);
      const events = await page.$$eval("main table tbody tr", (r) => r.length).catch(() => 0);
      console.log(`    ${marks} marked spans, ${events} table rows`);
    });
    await step("events table filters", async () => {
      await page.goto(BASE + "/#/events");
      await page.waitForSelector("main form.filters");
      await page.waitForSelector("main table tbody tr");
      const first = await page.$eval("main table tbody tr td:nth-child(2) code", (c) => c.textContent);
      await page.fill("input[name=source]", first);
      await page.click("form.filters button");
      // The old table stays until the filtered one replaces it: wait for that.
      await page.waitForFunction((code) => {
        const cells = [...document.querySelectorAll("main table tbody tr td:nth-child(2) code")];
        return cells.length > 0 && cells.every((c) => c.textContent.startsWith(code));
      }, first, { timeout: 5000 });
    });
    await step("event page shows provenance", async () => {
      await page.click("main table tbody tr td.what a");
      await page.waitForSelector("main dl.kv");
      const text = await page.textContent("main dl.kv");
      if (!text.includes("Pattern") || !text.includes("sentence")) throw new Error("no provenance");
    });
    await step("bad filter shows the API error", async () => {
      expect400 = true;
      await page.goto(BASE + "/#/events?code=abc");
      await page.waitForSelector("main .error");
      expect400 = false;
    });
    await step("search finds articles", async () => {
      await page.goto(BASE + "/");
      await page.waitForSelector("main .cards li");
      await page.fill("#q", process.env.HERALD_QUERY || "the");
      await page.press("#q", "Enter");
      await page.waitForSelector("main .cards li .snippet");
    });
  } catch (e) {
    problems.push(String(e && e.message ? e.message : e));
  }
  await browser.close();
  if (problems.length) {
    console.error("FAIL\n" + problems.join("\n"));
    process.exit(1);
  }
  console.log("PASS");
})();
