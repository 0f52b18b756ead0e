import { HttpError } from "../model.js";
import { ok, type Route } from "../route-kit.js";

export const userRoutes: Route[] = [
  {
    // Who a token is: answered for personal tokens only. GitHub refuses App
    // credentials here, which is how a client tells a workflow token apart.
    method: "GET",
    pattern: "/user",
    handler: (ctx) => {
      if (!ctx.caller) throw new HttpError(401, "Requires authentication");
      if (ctx.caller.isAppJwt || ctx.caller.isInstallationToken)
        throw new HttpError(403, "Resource not accessible by integration");
      return ok(ctx.shapes.user(ctx.caller.actor));
    },
  },
];
