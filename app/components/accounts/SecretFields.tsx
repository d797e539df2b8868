// The fields where a person types a secret: a password, or a code from their authenticator app
// (or a recovery code). Their errors are whole sentences ("This is not your current password."),
// unlike Field's, which start with the label.

interface SecretFieldProps {
  /** The control's id; `name` is what the form sends (the id, unless given). */
  id: string;
  name?: string;
  label: string;
  hint?: string;
  error?: string;
  required?: boolean;
  autoFocus?: boolean;
  /** Announce the error at once (role="alert"): for a page whose only field it is. */
  announce?: boolean;
}

function SecretField({
  id,
  label,
  hint,
  error,
  announce,
  children,
}: SecretFieldProps & { children: (aria: Record<string, unknown>) => React.ReactNode }) {
  const describedBy = [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ");
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      ) : null}
      {children({
        id,
        "aria-invalid": error ? true : undefined,
        "aria-describedby": describedBy || undefined,
      })}
      {error ? (
        <p id={`${id}-error`} className="error" role={announce ? "alert" : undefined}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

export function PasswordField(
  props: SecretFieldProps & { autoComplete: "current-password" | "new-password" },
) {
  return (
    <SecretField {...props}>
      {(aria) => (
        <input
          {...aria}
          name={props.name ?? props.id}
          type="password"
          autoComplete={props.autoComplete}
          required={props.required}
        />
      )}
    </SecretField>
  );
}

/** A 6-digit code or a recovery code: text, so that a recovery code's letters and dashes fit. */
export function CodeField(props: SecretFieldProps) {
  return (
    <SecretField {...props}>
      {(aria) => (
        <input
          {...aria}
          name={props.name ?? props.id}
          className="code-input"
          type="text"
          autoComplete="one-time-code"
          autoCapitalize="off"
          autoCorrect="off"
          spellCheck={false}
          maxLength={100}
          required={props.required}
          autoFocus={props.autoFocus}
        />
      )}
    </SecretField>
  );
}
