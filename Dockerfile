# syntax=docker/dockerfile:1

# ---- build: compile TypeScript with dev dependencies ----
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY bot ./bot
COPY commands ./commands
COPY jobs ./jobs
COPY storage ./storage
COPY archive ./archive
RUN npm run build

# ---- production dependencies only ----
FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# ---- runtime: non-root, compiled code and production dependencies ----
FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=deps --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --chown=node:node package.json ./
USER node
# Healthy when /healthz says so (with HTTP_PORT: Redis answers and the gateway is connected),
# else when Redis answers.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD node dist/bot/healthcheck.js || exit 1
# SIGTERM gives Parley 8 s to finish jobs; Docker's default stop grace is 10 s.
STOPSIGNAL SIGTERM
CMD ["node", "dist/bot/main.js"]
