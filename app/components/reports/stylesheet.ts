// The downloads' styles, for the `links` of the routes that show them.
import href from "~/styles/reports.css";

export const reportsStylesheet = { rel: "stylesheet", href } as const;
