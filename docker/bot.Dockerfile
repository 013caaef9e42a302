# Rasa server and action server share one image (Python 3.10, Rasa 3.6.21).
# Built from the repo root: docker build -f docker/bot.Dockerfile .
FROM python:3.10-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY bot/requirements.lock bot/requirements.lock
RUN pip install --no-cache-dir -r bot/requirements.lock
COPY bot bot
COPY scripts/spacy_model_path.py scripts/spacy_model_path.py
RUN python scripts/spacy_model_path.py --write-config
RUN useradd --system --uid 10001 rasa && mkdir -p /app/var && chown rasa /app/var /app/bot
USER rasa
WORKDIR /app/bot
EXPOSE 5005 5055
CMD ["rasa", "run", "--enable-api", "--port", "5005"]
