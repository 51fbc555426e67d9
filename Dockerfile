# The video chat server (signaling, rooms, TURN credentials, the bundle, the demo).
# Build:  docker build -t video-chat-server .
# Run:    docker run -p 9000:9000 -e TURN_SECRET=… -e TURN_URLS=… video-chat-server

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json rollup.config.mjs ./
COPY scripts ./scripts
COPY protocol ./protocol
COPY widget/src ./widget/src
COPY peer-server ./peer-server
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/build ./build
COPY --from=build /app/dist ./dist
COPY demo ./demo
USER node
EXPOSE 9000
HEALTHCHECK --interval=30s --timeout=3s CMD node -e "fetch('http://127.0.0.1:9000/').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "build/peer-server/src/cli.js"]
