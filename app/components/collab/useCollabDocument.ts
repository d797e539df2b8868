// Opens a case's shared document for the lifetime of a component and re-renders on its changes.
import { useEffect, useState, useSyncExternalStore } from "react";
import * as Y from "yjs";

import { CollabProvider, type DocError } from "~/realtime/collab-provider.ts";
import { getSocket } from "~/realtime/socket.client.ts";

export function useCollabDocument(docId: string): {
  provider: CollabProvider | null;
  refusal: string | null;
} {
  const [provider, setProvider] = useState<CollabProvider | null>(null);
  // Why the server last refused a change made here, in its words; kept across the reload below.
  const [refusal, setRefusal] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    const doc = new Y.Doc();
    const socket = getSocket();
    const p = new CollabProvider(socket, docId, doc);
    // A refused change stays in this copy of the document (Yjs cannot take it back), and whatever
    // is typed after it builds on it and would be refused too: start again from the server's
    // document, which is the true state.
    const onError = (error: DocError) => {
      if (error.docId !== docId || error.error !== "forbidden") return;
      setRefusal(error.message);
      setGeneration((g) => g + 1);
    };
    socket.on("doc:error", onError);
    setProvider(p);
    return () => {
      socket.off("doc:error", onError);
      p.destroy();
      doc.destroy();
    };
  }, [docId, generation]);
  // Status, access and errors live on the provider; subscribe to them.
  useSyncExternalStore(
    (notify) => provider?.subscribe(notify) ?? (() => {}),
    () =>
      provider
        ? `${provider.status}|${provider.access}|${provider.loaded}|${provider.lastError?.message}`
        : "",
    () => "",
  );
  return { provider, refusal };
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
