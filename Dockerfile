# plan-sync GitHub App server.
#   docker build -t plan-sync .
#   docker run -d -p 3000:3000 --env-file .env --name plan-sync plan-sync
# The runtime stage is reproduced by test/e2e/production-install.test.ts
# (ENV, the npm ci line, HEALTHCHECK and CMD are read from this file), so keep
# those instructions in the simple forms that test parses.

# ---- build: compile TypeScript to lib/ (dev dependencies exist only here) ----
FROM node:24.21.0-slim AS build
# better-sqlite3 (the job store) is a native module: its install script takes a
# prebuilt binary when one matches, else compiles with these.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build
# What the runtime stage copies: production dependencies only, native build included.
RUN npm prune --omit=dev --no-audit --no-fund

# ---- run: production dependencies and the compiled app, nothing else ----
FROM node:24.21.0-slim AS run
# HOST: Probot binds localhost by default, unreachable from outside a container.
# LOG_FORMAT: Probot already picks json when NODE_ENV=production; set here so the
# image logs JSON even if NODE_ENV is overridden at run time.
# PLAN_SYNC_DATA_DIR: the job store (SQLite), on a volume so jobs survive the container.
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 LOG_FORMAT=json NPM_CONFIG_UPDATE_NOTIFIER=false PLAN_SYNC_DATA_DIR=/data
WORKDIR /app
COPY package.json package-lock.json ./
# Built in the build stage (no compiler here, no lifecycle scripts run in this image).
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/lib ./lib
COPY app.yml ./
# The node user owns the data directory: the volume is created from it with that owner.
RUN mkdir -p /data && chown node:node /data
VOLUME /data
# The image's node user; it writes only to /data.
USER node
EXPOSE 3000
# slim has no curl: Node's fetch does the check. /healthz never calls GitHub.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then((r)=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# npm forwards SIGTERM to the server (the start script execs probot), which
# drains and exits 0. TypeScript is absent here, so prestart does not build:
# it only checks that lib/ is present.
CMD ["npm", "start"]
