// HTML_CodeSniffer (through pa11y's JS API) over many pages in one Chromium, at one viewport.
// Run by tests/test_pa11y.py, which passes one JSON object on stdin:
//   {"executablePath": ..., "args": [...], "viewport": {...}, "urls": [...]}
// and reads one JSON object from stdout: pa11y's version and, for each URL, where it ended up,
// the state of each chart on it, and every issue HTML_CodeSniffer reported (errors, warnings, notices).
// Each page is opened here, not by pa11y, so that its charts can all be drawn first (they draw
// lazily, as they scroll into view): pa11y then checks the page as a reader who scrolled sees it.
"use strict";

const path = require("path");
const pa11y = require("pa11y");
// The puppeteer pa11y itself depends on (never a browser it downloads: executablePath is given).
const puppeteer = require(require.resolve("puppeteer", { paths: [path.dirname(require.resolve("pa11y"))] }));

// Every chart drawn, then the state of each one (data-drawn: "true", "failed", or absent).
async function drawCharts(page) {
  return page.evaluate(async () => {
    if (typeof window.reportDrawAllCharts === "function") await window.reportDrawAllCharts();
    const states = {};
    document.querySelectorAll(".report-chart__view[data-spec]").forEach((element) => {
      states[element.dataset.figure] = element.dataset.drawn || "not drawn";
    });
    return states;
  });
}

async function check(browser, config, url) {
  const page = await browser.newPage();
  try {
    await page.setViewport(config.viewport);
    // The status of the page asked for itself (goto's response is the last page's, after a redirect).
    let status = null;
    page.on("response", (response) => {
      if (status === null && response.url() === url && response.request().isNavigationRequest()) status = response.status();
    });
    await page.goto(url, { waitUntil: "networkidle0", timeout: 60000 });
    const found = { url, status, finalUrl: page.url() };
    // A page that sends the reader on (the root's index.html, by a meta refresh) is not checked
    // itself: its target is, as a page of its own. Chromium may have followed it already.
    if (page.url() === url && (await page.$('meta[http-equiv="Refresh" i]'))) {
      await page.waitForNavigation({ waitUntil: "networkidle0", timeout: 60000 }).catch(() => null);
    }
    if (page.url() !== url) {
      found.finalUrl = page.url();
      found.redirect = true;
      found.issues = [];
      return found;
    }
    found.charts = await drawCharts(page);
    const results = await pa11y(url, {
      browser,
      page,
      ignoreUrl: true,
      runners: ["htmlcs"],
      standard: "WCAG2AA",
      includeWarnings: true,
      includeNotices: true,
      viewport: config.viewport,
      timeout: 60000,
    });
    found.issues = results.issues.map((issue) => ({
      type: issue.type,
      code: issue.code,
      selector: issue.selector,
      message: issue.message,
    }));
    return found;
  } finally {
    await page.close();
  }
}

async function main() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  const config = JSON.parse(Buffer.concat(chunks).toString("utf8"));
  const started = Date.now();
  const browser = await puppeteer.launch({ executablePath: config.executablePath, args: config.args, headless: true });
  const pages = [];
  try {
    for (const url of config.urls) pages.push(await check(browser, config, url));
  } finally {
    await browser.close();
  }
  const version = require("pa11y/package.json").version;
  process.stdout.write(JSON.stringify({ pa11y: version, seconds: (Date.now() - started) / 1000, pages }));
}

main().catch((error) => {
  process.stderr.write(String((error && error.stack) || error) + "\n");
  process.exit(1);
});
