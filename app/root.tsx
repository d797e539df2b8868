import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  Form,
  isRouteErrorResponse,
  json,
  Link,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLoaderData,
  useRouteError,
} from "@remix-run/react";

import { may } from "~/access/capabilities.ts";
import { ROLE_LABELS } from "~/access/roles.ts";

import { LiveUpdates } from "./components/live/LiveUpdates.tsx";
import { useNonce } from "./components/nonce.ts";
import { latestEventId } from "./domain/case-feed.server.ts";
import { unreadCount } from "./domain/notifications.server.ts";
import { currentUser } from "./http/session.server.ts";
import stylesHref from "./styles.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesHref },
  { rel: "icon", href: "/favicon.ico", sizes: "any" },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];
export const meta: MetaFunction = () => [{ title: "Follow-up" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await currentUser(request);
  // Where the live feed starts for this page: the data it shows includes every earlier event.
  if (!user) return json({ user, liveFrom: 0, unread: 0, mayDraft: false, administers: false });
  const [liveFrom, unread] = await Promise.all([latestEventId(), unreadCount(user)]);
  return json({
    user,
    liveFrom,
    unread,
    mayDraft: may(user, "editCases"),
    administers: may(user, "administer"),
  });
}

function Document({ children }: { children: React.ReactNode }) {
  // The page's inline scripts run only with this request's CSP nonce (app/entry.server.tsx).
  const nonce = useNonce();
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  const { user, liveFrom, unread, mayDraft, administers } = useLoaderData<typeof loader>();
  return (
    <Document>
      <header className="topbar">
        <Link to="/" className="brand">
          Follow-up
        </Link>
        {user ? (
          <>
            <nav aria-label="Main">
              <NavLink to="/dashboard">Dashboard</NavLink>
              <NavLink to="/cases" end>
                Cases
              </NavLink>
              <NavLink to="/assessments">Visits</NavLink>
              <NavLink to="/me/work">My work</NavLink>
              <NavLink to="/me/notifications" className="bell">
                Notifications
                {unread > 0 ? (
                  <>
                    <span className="sr-only">, </span>
                    <span className="count">{unread}</span>
                    <span className="sr-only"> unread</span>
                  </>
                ) : null}
              </NavLink>
              {mayDraft && <NavLink to="/cases/new">New recommendation</NavLink>}
              {administers && <NavLink to="/admin">Administration</NavLink>}
            </nav>
            <div className="whoami">
              <span>
                {user.name}{" "}
                <span className="muted">
                  · {ROLE_LABELS[user.role]}, {user.organization.shortName}
                </span>
              </span>
              <NavLink to="/me/account">Account</NavLink>
              <Form method="post" action="/logout">
                <button type="submit" className="link-button">
                  Sign out
                </button>
              </Form>
            </div>
          </>
        ) : null}
      </header>
      <main id="main" tabIndex={-1}>
        {user ? (
          <LiveUpdates from={liveFrom} me={user.id}>
            <Outlet />
          </LiveUpdates>
        ) : (
          <Outlet />
        )}
      </main>
    </Document>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const message =
    status === 404
      ? "There is nothing here, or you do not have access to it."
      : isRouteErrorResponse(error)
        ? error.statusText || error.data
        : "Something went wrong on our side.";
  return (
    <Document>
      <main id="main" className="error-page">
        <h1>{status === 404 ? "Not found" : `Error ${status}`}</h1>
        <p>{typeof message === "string" ? message : "Something went wrong."}</p>
        <p>
          <Link to="/">Back to the dashboard</Link>
        </p>
      </main>
    </Document>
  );
}
