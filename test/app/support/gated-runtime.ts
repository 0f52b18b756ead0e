import { AppRuntime, type AppRuntimeOptions, type RuntimeContext } from "../../../src/app/app-runtime.js";
import type { Gateway } from "../../../src/github/gateway.js";

/**
 * A runtime whose gateways, once `gated`, hold every issue creation until
 * `release()`: a push sync caught mid-flight, for as long as the test needs.
 * Write-back creates no issues, so it is never held by the gate itself.
 * Built by createApp: `testApp({ runtime: (o) => (gated = new GatedRuntime(o)) })`.
 */
export class GatedRuntime extends AppRuntime {
  gated = false;
  /** Resolves once a creation is being held. */
  readonly held: Promise<void>;
  private hold: () => void = () => {};
  private open: () => void = () => {};
  private readonly gate = new Promise<void>((resolve) => (this.open = resolve));

  constructor(options: AppRuntimeOptions) {
    super(options);
    this.held = new Promise<void>((resolve) => (this.hold = resolve));
  }

  release(): void {
    this.open();
  }

  override gateway(context: RuntimeContext): Gateway {
    const gateway = super.gateway(context);
    return new Proxy(gateway, {
      get: (target, property) => {
        const value: unknown = Reflect.get(target, property, target);
        if (typeof value !== "function") return value;
        const method = value as (...args: unknown[]) => unknown;
        if (property !== "createIssue" || !this.gated) return method.bind(target);
        return async (...args: unknown[]) => {
          this.hold();
          await this.gate;
          return method.apply(target, args);
        };
      },
    });
  }
}
