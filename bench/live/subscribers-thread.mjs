// Worker threads do not get tsx from the parent's --import: register it here, then load the code.
import { register } from "tsx/esm/api";

register();
await import("./subscribers.ts");
