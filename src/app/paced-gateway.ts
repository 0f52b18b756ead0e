import type { Gateway } from "../github/gateway.js";
import { GATEWAY_METHODS, wrapGateway } from "../github/wrap-gateway.js";
import type { WritePacer } from "../github/write-pacer.js";

/**
 * The same Gateway with every write waiting for a slot of the installation's
 * pacer first. Write-back and PR status go through the engines unchanged
 * (they know nothing of pacing) and still share GitHub's per-installation
 * content-creation budget with push sync, which paces its own writes.
 * GATEWAY_METHODS sorts every method into read or write, so a method added
 * to Gateway cannot skip the pacer.
 */
export function pacedGateway(gateway: Gateway, pacer: Pick<WritePacer, "acquire">): Gateway {
  return wrapGateway(gateway, {
    around: async (method, call) => {
      if (GATEWAY_METHODS[method] === "write") await pacer.acquire();
      return call();
    },
  });
}
