# plan-sync GitHub App server.
#   docker build -t plan-sync .
#   docker run -d -p 3000:3000 --env-file .env --name plan-sync plan-sync
# The runtime stage is reproduced by test/e2e/production-install.test.ts
# (ENV, the npm ci line, HEALTHCHECK and CMD are read from this file), so keep
# those instructions in the simple forms that test parses.

# ---- build: compile TypeScript to lib/ (dev dependencies exist only here) ----
FROM node:24.21.0-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

# ---- run: production dependencies and the compiled app, nothing else ----
FROM node:24.21.0-slim AS run
# HOST: Probot binds localhost by default, unreachable from outside a container.
# LOG_FORMAT: Probot already picks json when NODE_ENV=production; set here so the
# image logs JSON even if NODE_ENV is overridden at run time.
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 LOG_FORMAT=json NPM_CONFIG_UPDATE_NOTIFIER=false
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: no dependency lifecycle scripts run in the production image.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/lib ./lib
COPY app.yml ./
# The image's node user; the app writes nothing to disk in production.
USER node
EXPOSE 3000
# slim has no curl: Node's fetch does the check. /healthz never calls GitHub.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then((r)=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# npm forwards SIGTERM to the server (the start script execs probot), which
# drains and exits 0. TypeScript is absent here, so prestart does not build:
# it only checks that lib/ is present.
CMD ["npm", "start"]
