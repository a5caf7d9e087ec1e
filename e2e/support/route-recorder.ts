// Records every response a page or browser context receives by passing each request through the
// test: the route fetches the response, keeps its whole body, then hands it to the page. (Listening
// to 'response' events is not enough for a secrecy scan: it misses bodies the page navigates away
// from, and Chromium reports no body for a server action's stream once React has read it.)
//
// A page may give up on a request while the test is fetching it for the page. When it navigates or
// reloads, the fetch goes on and may still fail (the server hangs up: "route.fetch: socket hang
// up"); when its context closes, Playwright ends the fetch ("Request context disposed"). Nothing
// reached the page, so there is nothing to record and nothing has gone wrong, but an error thrown
// out of a route handler fails whatever test is running. So every failure of a fetch or a fulfil
// ends that request with an abort (itself allowed to fail: the request may be gone) and is kept in
// `dropped`, never thrown. A request the test does wait for is not hidden by this: the page gets a
// network error instead of the response, and the test's own assertions on the page fail.
//
// The test's fetches reuse kept-alive connections, which the console's server closes after 5 idle
// seconds; a read that picks one up just then is reset before the server read it. A browser sends
// such a request again, so the route retries a GET or HEAD once on a reset; a POST (a server action)
// is never sent twice.
import type { BrowserContext, Page, Request } from '@playwright/test';

export interface RecordedResponse {
  method: string;
  url: string;
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  /** The request's body as the page sent it ('' without one). */
  requestBody: string;
}

export interface DroppedRequest {
  method: string;
  url: string;
  /** Why the page did not get a response: the fetch or fulfil error, in Playwright's words. */
  error: string;
}

export type RouteOutcome = { kind: 'delivered'; response: RecordedResponse } | { kind: 'dropped'; dropped: DroppedRequest };

export interface RouteRecorder {
  /** Every response the server sent for a request of the page, delivered or not. */
  responses: RecordedResponse[];
  /** Requests that ended without a response reaching the page. */
  dropped: DroppedRequest[];
  /** Resolves once the route has finished with the first request matching `match` (past or future). */
  settled(match: (url: URL) => boolean): Promise<RouteOutcome>;
}

export async function recordThroughRoute(target: Page | BrowserContext): Promise<RouteRecorder> {
  const outcomes: { url: URL; outcome: RouteOutcome }[] = [];
  const waiters: { match: (url: URL) => boolean; resolve: (o: RouteOutcome) => void }[] = [];
  const recorder: RouteRecorder = {
    responses: [],
    dropped: [],
    settled(match) {
      const done = outcomes.find((o) => match(o.url));
      if (done) return Promise.resolve(done.outcome);
      return new Promise((resolve) => waiters.push({ match, resolve }));
    },
  };
  const settle = (request: Request, outcome: RouteOutcome) => {
    const url = new URL(request.url());
    outcomes.push({ url, outcome });
    for (const w of waiters.filter((w) => w.match(url))) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(outcome);
    }
  };
  const drop = (request: Request, error: unknown) => {
    const dropped = { method: request.method(), url: request.url(), error: error instanceof Error ? error.message : String(error) };
    recorder.dropped.push(dropped);
    settle(request, { kind: 'dropped', dropped });
  };

  await target.route('**/*', async (route) => {
    const request = route.request();
    let recorded: RecordedResponse;
    let response;
    try {
      response = await route.fetch({ maxRedirects: 0, maxRetries: ['GET', 'HEAD'].includes(request.method()) ? 1 : 0 });
      recorded = {
        method: request.method(),
        url: request.url(),
        status: response.status(),
        headers: response.headers(),
        body: await response.body(),
        requestBody: request.postData() ?? '',
      };
    } catch (error) {
      await route.abort().catch(() => {});
      return drop(request, error);
    }
    // Recorded before it is handed over: the server sent it, whether or not the page still wants it.
    recorder.responses.push(recorded);
    try {
      await route.fulfill({ response, body: recorded.body });
    } catch (error) {
      await route.abort().catch(() => {});
      return drop(request, error);
    }
    settle(request, { kind: 'delivered', response: recorded });
  });
  return recorder;
}
