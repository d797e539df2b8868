// "Download CSV | Excel": the case list as it is filtered and sorted, every page of it. Plain links:
// the server answers with the file as an attachment (GET /api/cases/export.csv, .xlsx).

/** `params`: the list's current query; its page is dropped, the export holds every page. */
export function ExportLinks({ params }: { params: URLSearchParams }) {
  const query = new URLSearchParams(params);
  query.delete("page");
  const search = query.toString() ? `?${query}` : "";
  return (
    <p className="downloads">
      <span>Download</span>
      <a href={`/api/cases/export.csv${search}`} download aria-label="Download these cases as CSV">
        CSV
      </a>
      <span className="separator" aria-hidden="true">
        |
      </span>
      <a href={`/api/cases/export.xlsx${search}`} download aria-label="Download these cases as Excel">
        Excel
      </a>
    </p>
  );
}
