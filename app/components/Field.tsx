// A form field as every form of the app writes it: its label, its hint, the control, and its
// error as a sentence that starts with the label ("Title must be at least 3 characters.").
import { useTranslation } from "react-i18next";

/** The attributes that tie a control to its hint and its error (`<name>-hint`, `<name>-error`). */
export function describedBy(name: string, fields: Record<string, string>, hint?: string | null) {
  const ids = [hint ? `${name}-hint` : "", fields[name] ? `${name}-error` : ""].filter(Boolean);
  return {
    id: name,
    "aria-invalid": Boolean(fields[name]) || undefined,
    "aria-describedby": ids.length > 0 ? ids.join(" ") : undefined,
  };
}

/**
 * A labelled field with its hint and its error, a sentence that starts with the label (each
 * language joins the two its own way: cases:field.error). `label` and `hint` come translated.
 */
export function Field({
  name,
  label,
  error,
  hint,
  children,
}: {
  name: string;
  label: string;
  error?: string;
  hint?: string | null;
  children: React.ReactNode;
}) {
  const { t } = useTranslation("cases");
  return (
    <div className="field">
      <label htmlFor={name}>{label}</label>
      {hint ? (
        <p id={`${name}-hint`} className="muted hint">
          {hint}
        </p>
      ) : null}
      {children}
      {error ? (
        <p id={`${name}-error`} className="error">
          {t("field.error", { label, error })}
        </p>
      ) : null}
    </div>
  );
}
