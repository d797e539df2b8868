import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
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
  useLocation,
  useMatches,
  useRouteError,
} from "@remix-run/react";
import { useContext, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";

import { may } from "~/access/capabilities.ts";

import { LanguageMenu } from "./components/LanguageMenu.tsx";
import { LiveUpdates } from "./components/live/LiveUpdates.tsx";
import { useNonce } from "./components/nonce.ts";
import { latestEventId } from "./domain/case-feed.server.ts";
import { unreadCount } from "./domain/notifications.server.ts";
import { currentUser } from "./http/session.server.ts";
import { EMBEDDED_RESOURCES_ID, EmbeddedResources } from "./i18n/embedded.ts";
import { isTimeZone } from "./i18n/format.ts";
import { directionOf } from "./i18n/languages.ts";
import { pageTitleOf } from "./i18n/page-title.ts";
import { browserTimeZone, rememberBrowserTimeZone } from "./i18n/time-zone.ts";
import stylesHref from "./styles.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesHref },
  { rel: "icon", href: "/favicon.ico", sizes: "any" },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await currentUser(request);
  // Times are shown in this zone (app/i18n/format.ts): the person's choice, else their browser's.
  const zone = user?.timeZone ?? browserTimeZone(request);
  const timeZone = isTimeZone(zone) ? zone : "UTC";
  // Where the live feed starts for this page: the data it shows includes every earlier event.
  if (!user) return json({ user, timeZone, liveFrom: 0, unread: 0, mayDraft: false, administers: false });
  const [liveFrom, unread] = await Promise.all([latestEventId(), unreadCount(user)]);
  return json({
    user,
    timeZone,
    liveFrom,
    unread,
    mayDraft: may(user, "editCases"),
    administers: may(user, "administer"),
  });
}

/**
 * The signed-in top bar's links and forms: in a row on wide screens; on a phone, behind a "Menu"
 * button (closed again on every navigation), so the bar stays one line high.
 */
function TopMenu({ children }: { children: React.ReactNode }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const location = useLocation();
  useEffect(() => setOpen(false), [location]);
  return (
    <>
      <button
        type="button"
        className="menu-toggle"
        aria-expanded={open}
        aria-controls="top-menu"
        onClick={() => setOpen((was) => !was)}
      >
        {t("nav.menu")}
      </button>
      <div id="top-menu" className={open ? "top-menu open" : "top-menu"}>
        {children}
      </div>
    </>
  );
}

/** "Cases · Follow-up": the page's own title (its route's handle), then the app's name. */
function DocumentTitle() {
  const { t } = useTranslation();
  const title = pageTitleOf(useMatches());
  return title ? <title>{`${t(title.key, title.values)} · ${t("appName")}`}</title> : null;
}

function Document({ children }: { children: React.ReactNode }) {
  // The page's inline scripts run only with this request's CSP nonce (app/entry.server.tsx).
  const nonce = useNonce();
  // The language the server rendered in (app/entry.server.tsx) and the browser hydrates in.
  const { t, i18n } = useTranslation();
  const resources = useContext(EmbeddedResources);
  return (
    // The script adds class "js" before the first paint: styles that need the page's script (the
    // phone's Menu button) apply only then. React leaves the class alone (suppressHydrationWarning).
    <html lang={i18n.language} dir={directionOf(i18n.language)} suppressHydrationWarning>
      <head>
        <meta charSet="utf-8" />
        <script
          nonce={nonce}
          dangerouslySetInnerHTML={{ __html: 'document.documentElement.classList.add("js")' }}
        />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <DocumentTitle />
        <Meta />
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#main">
          {t("skipToContent")}
        </a>
        {children}
        <script
          id={EMBEDDED_RESOURCES_ID}
          type="application/json"
          nonce={nonce}
          // Written once by the server; the browser keeps what it read (app/entry.client.tsx).
          dangerouslySetInnerHTML={{ __html: resources }}
          suppressHydrationWarning
        />
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  const { user, liveFrom, unread, mayDraft, administers } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  useEffect(rememberBrowserTimeZone, []);
  return (
    <Document>
      <header className="topbar">
        <Link to="/" className="brand">
          {t("appName")}
        </Link>
        {user ? (
          <TopMenu>
            <nav aria-label={t("nav.label")}>
              <NavLink to="/dashboard">{t("nav.dashboard")}</NavLink>
              <NavLink to="/cases" end>
                {t("nav.cases")}
              </NavLink>
              <NavLink to="/assessments">{t("nav.visits")}</NavLink>
              <NavLink to="/me/work">{t("nav.myWork")}</NavLink>
              <NavLink to="/me/notifications" className="bell">
                {t("nav.notifications")}
                {unread > 0 ? (
                  <>
                    <span className="sr-only">, </span>
                    <span className="count">{unread}</span>
                    <span className="sr-only"> {t("nav.unread", { count: unread })}</span>
                  </>
                ) : null}
              </NavLink>
              {mayDraft && <NavLink to="/cases/new">{t("nav.newRecommendation")}</NavLink>}
              {administers && <NavLink to="/admin">{t("nav.administration")}</NavLink>}
            </nav>
            <div className="whoami">
              <span>
                <span translate="no">{user.name}</span>{" "}
                <span className="muted">
                  · {t(`roles.${user.role}`)}, <span translate="no">{user.organization.shortName}</span>
                </span>
              </span>
              <NavLink to="/me/account">{t("nav.account")}</NavLink>
              <Form method="post" action="/logout">
                <button type="submit" className="link-button">
                  {t("nav.signOut")}
                </button>
              </Form>
            </div>
            <LanguageMenu />
          </TopMenu>
        ) : (
          <LanguageMenu />
        )}
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

/** What a loader that refused said, already in the reader's language: a text, or JSON's `error`. */
function refusalText(data: unknown): string | undefined {
  if (typeof data === "string" && data) return data;
  const said = (data as { error?: unknown } | null)?.error;
  return typeof said === "string" && said ? said : undefined;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const { t } = useTranslation();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const message =
    status === 404
      ? t("errorPage.notFoundText")
      : isRouteErrorResponse(error) && refusalText(error.data)
        ? refusalText(error.data)
        : t("errorPage.ourSide");
  return (
    <Document>
      <main id="main" className="error-page">
        <h1>{status === 404 ? t("errorPage.notFound") : t("errorPage.status", { status })}</h1>
        <p>{message}</p>
        <p>
          <Link to="/">{t("errorPage.back")}</Link>
        </p>
      </main>
    </Document>
  );
}
