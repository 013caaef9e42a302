# Case service (FastAPI). Built from the repo root: docker build -f docker/backend.Dockerfile .
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PYTHONPATH=/app/backend
WORKDIR /app
COPY backend/requirements.lock backend/requirements.lock
RUN pip install --no-cache-dir -r backend/requirements.lock
COPY backend backend
# The letters volume is mounted at /app/var/letters: created here so the volume is owned by casework.
RUN useradd --system --uid 10001 casework && mkdir -p /app/var/letters && chown -R casework /app/var
USER casework
WORKDIR /app/backend
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=3s --retries=5 \
  CMD python -c "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/health').status==200 else 1)"
CMD ["sh", "-c", "alembic upgrade head && exec uvicorn casework.api:app --host 0.0.0.0 --port 8000"]
