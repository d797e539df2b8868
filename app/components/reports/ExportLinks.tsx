// "Download CSV | Excel": the case list as it is filtered and sorted, every page of it. Plain links:
// the server answers with the file as an attachment (GET /api/cases/export.csv, .xlsx), written in
// the page's language.
import { useTranslation } from "react-i18next";

/** `params`: the list's current query; its page is dropped, the export holds every page. */
export function ExportLinks({ params }: { params: URLSearchParams }) {
  const { t } = useTranslation("reports");
  const query = new URLSearchParams(params);
  query.delete("page");
  const search = query.toString() ? `?${query}` : "";
  return (
    <p className="downloads">
      <span>{t("downloads.download")}</span>
      <a href={`/api/cases/export.csv${search}`} download aria-label={t("downloads.csvLabel")}>
        {t("downloads.csv")}
      </a>
      <span className="separator" aria-hidden="true">
        |
      </span>
      <a href={`/api/cases/export.xlsx${search}`} download aria-label={t("downloads.excelLabel")}>
        {t("downloads.excel")}
      </a>
    </p>
  );
}
