# Parley in a container. The build step is exactly the documented production install
# (scripts/build-production.sh: npm ci, npm run build, npm prune --omit=dev), the same script
# test/deploy/production-install.test.ts runs.
FROM node:20-bookworm-slim

WORKDIR /app
# better-sqlite3 (the SQLite store) and sqlite3 (a dev dependency, pruned after the build) download
# prebuilt binaries for this platform at npm ci; no compiler is needed. Where GitHub's release
# downloads are blocked, npm ci compiles them: add `apt-get install -y python3 make g++` first.
COPY . .
RUN sh scripts/build-production.sh && rm -rf src test bench && mkdir -p /data && chown node:node /data

ENV NODE_ENV=production \
    STORE_URL=sqlite:///data/bot.sqlite \
    HOST=0.0.0.0 \
    PORT=3000
# Conversations live here: mount a volume so they survive a new image.
VOLUME ["/data"]
EXPOSE 3000
USER node
HEALTHCHECK --interval=30s --timeout=3s --start-period=30s \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "dist/main.js"]
