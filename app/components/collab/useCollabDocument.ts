// Opens a case's shared document for the lifetime of a component and re-renders on its changes.
import { useEffect, useState, useSyncExternalStore } from "react";
import * as Y from "yjs";
import { CollabProvider } from "../../realtime/collab-provider.ts";
import { getSocket } from "../../realtime/socket.client.ts";

export function useCollabDocument(docId: string) {
  const [provider, setProvider] = useState<CollabProvider | null>(null);
  useEffect(() => {
    const doc = new Y.Doc();
    const p = new CollabProvider(getSocket(), docId, doc);
    setProvider(p);
    return () => {
      p.destroy();
      doc.destroy();
    };
  }, [docId]);
  // Status, access and errors live on the provider; subscribe to them.
  useSyncExternalStore(
    (notify) => provider?.subscribe(notify) ?? (() => {}),
    () => (provider ? `${provider.status}|${provider.access}|${provider.loaded}|${provider.lastError?.message}` : ""),
    () => "",
  );
  return provider;
}

/** Re-renders when a Yjs type (deeply) changes. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function useYjs(type: Y.AbstractType<any> | null): number {
  const [version, setVersion] = useState(0);
  useEffect(() => {
    if (!type) return;
    const bump = () => setVersion((v) => v + 1);
    type.observeDeep(bump);
    return () => type.unobserveDeep(bump);
  }, [type]);
  return version;
}
