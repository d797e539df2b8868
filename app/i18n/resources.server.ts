// Every translation, bundled into the server: one JSON file per language and namespace (an area
// of the app). A browser gets only its language's, embedded in the page (app/i18n/embedded.ts).
// tests/unit/translations.test.ts checks that each file is listed here and has every English key.
import ar_account from "./locales/ar/account.json";
import ar_admin from "./locales/ar/admin.json";
import ar_auth from "./locales/ar/auth.json";
import ar_casePage from "./locales/ar/casePage.json";
import ar_cases from "./locales/ar/cases.json";
import ar_collab from "./locales/ar/collab.json";
import ar_common from "./locales/ar/common.json";
import ar_dashboard from "./locales/ar/dashboard.json";
import ar_email from "./locales/ar/email.json";
import ar_errors from "./locales/ar/errors.json";
import ar_evidence from "./locales/ar/evidence.json";
import ar_imports from "./locales/ar/imports.json";
import ar_notifications from "./locales/ar/notifications.json";
import ar_reports from "./locales/ar/reports.json";
import ar_review from "./locales/ar/review.json";
import ar_tasks from "./locales/ar/tasks.json";
import ar_workflow from "./locales/ar/workflow.json";
import en_account from "./locales/en/account.json";
import en_admin from "./locales/en/admin.json";
import en_auth from "./locales/en/auth.json";
import en_casePage from "./locales/en/casePage.json";
import en_cases from "./locales/en/cases.json";
import en_collab from "./locales/en/collab.json";
import en_common from "./locales/en/common.json";
import en_dashboard from "./locales/en/dashboard.json";
import en_email from "./locales/en/email.json";
import en_errors from "./locales/en/errors.json";
import en_evidence from "./locales/en/evidence.json";
import en_imports from "./locales/en/imports.json";
import en_notifications from "./locales/en/notifications.json";
import en_reports from "./locales/en/reports.json";
import en_review from "./locales/en/review.json";
import en_tasks from "./locales/en/tasks.json";
import en_workflow from "./locales/en/workflow.json";
import fr_account from "./locales/fr/account.json";
import fr_admin from "./locales/fr/admin.json";
import fr_auth from "./locales/fr/auth.json";
import fr_casePage from "./locales/fr/casePage.json";
import fr_cases from "./locales/fr/cases.json";
import fr_collab from "./locales/fr/collab.json";
import fr_common from "./locales/fr/common.json";
import fr_dashboard from "./locales/fr/dashboard.json";
import fr_email from "./locales/fr/email.json";
import fr_errors from "./locales/fr/errors.json";
import fr_evidence from "./locales/fr/evidence.json";
import fr_imports from "./locales/fr/imports.json";
import fr_notifications from "./locales/fr/notifications.json";
import fr_reports from "./locales/fr/reports.json";
import fr_review from "./locales/fr/review.json";
import fr_tasks from "./locales/fr/tasks.json";
import fr_workflow from "./locales/fr/workflow.json";
import ru_account from "./locales/ru/account.json";
import ru_admin from "./locales/ru/admin.json";
import ru_auth from "./locales/ru/auth.json";
import ru_casePage from "./locales/ru/casePage.json";
import ru_cases from "./locales/ru/cases.json";
import ru_collab from "./locales/ru/collab.json";
import ru_common from "./locales/ru/common.json";
import ru_dashboard from "./locales/ru/dashboard.json";
import ru_email from "./locales/ru/email.json";
import ru_errors from "./locales/ru/errors.json";
import ru_evidence from "./locales/ru/evidence.json";
import ru_imports from "./locales/ru/imports.json";
import ru_notifications from "./locales/ru/notifications.json";
import ru_reports from "./locales/ru/reports.json";
import ru_review from "./locales/ru/review.json";
import ru_tasks from "./locales/ru/tasks.json";
import ru_workflow from "./locales/ru/workflow.json";

export const RESOURCES = {
  en: {
    common: en_common,
    auth: en_auth,
    account: en_account,
    dashboard: en_dashboard,
    cases: en_cases,
    casePage: en_casePage,
    tasks: en_tasks,
    collab: en_collab,
    evidence: en_evidence,
    review: en_review,
    notifications: en_notifications,
    imports: en_imports,
    reports: en_reports,
    admin: en_admin,
    workflow: en_workflow,
    errors: en_errors,
    email: en_email,
  },
  fr: {
    common: fr_common,
    auth: fr_auth,
    account: fr_account,
    dashboard: fr_dashboard,
    cases: fr_cases,
    casePage: fr_casePage,
    tasks: fr_tasks,
    collab: fr_collab,
    evidence: fr_evidence,
    review: fr_review,
    notifications: fr_notifications,
    imports: fr_imports,
    reports: fr_reports,
    admin: fr_admin,
    workflow: fr_workflow,
    errors: fr_errors,
    email: fr_email,
  },
  ru: {
    common: ru_common,
    auth: ru_auth,
    account: ru_account,
    dashboard: ru_dashboard,
    cases: ru_cases,
    casePage: ru_casePage,
    tasks: ru_tasks,
    collab: ru_collab,
    evidence: ru_evidence,
    review: ru_review,
    notifications: ru_notifications,
    imports: ru_imports,
    reports: ru_reports,
    admin: ru_admin,
    workflow: ru_workflow,
    errors: ru_errors,
    email: ru_email,
  },
  ar: {
    common: ar_common,
    auth: ar_auth,
    account: ar_account,
    dashboard: ar_dashboard,
    cases: ar_cases,
    casePage: ar_casePage,
    tasks: ar_tasks,
    collab: ar_collab,
    evidence: ar_evidence,
    review: ar_review,
    notifications: ar_notifications,
    imports: ar_imports,
    reports: ar_reports,
    admin: ar_admin,
    workflow: ar_workflow,
    errors: ar_errors,
    email: ar_email,
  },
};
