# The portal's image: one image for every process (web, worker, scheduler); compose.yaml shows them together.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=cms.settings.production \
    VAR_DIR=/var/lib/portal \
    STATIC_ROOT=/app/static_collected \
    LOG_FORMAT=json

# The operating system's packages only for what the wheels do not bring: nothing so far (psycopg, Pillow,
# pillow-heif and zxing-cpp ship binary wheels), so the image stays slim.
RUN groupadd --system portal && useradd --system --gid portal --home-dir /app --shell /usr/sbin/nologin portal

WORKDIR /app
# Dependencies first, from the lock file with its hashes: the layer is rebuilt only when the lock changes, and
# every server built on any day runs the same versions (the deadlines depend on the holidays package's).
COPY requirements.lock ./
RUN pip install --no-cache-dir --require-hashes -r requirements.lock

COPY . .
# The project itself, editable: the code runs from /app, where its templates, static files and catalogs are.
# collectstatic needs the production settings to load: a throwaway key and host, no database or cache is used.
RUN pip install --no-cache-dir --no-deps -e . \
    && python manage.py compile_catalogs \
    && SECRET_KEY=build-only-$(python -c "import secrets; print(secrets.token_urlsafe(48))") ALLOWED_HOSTS=build.invalid \
       DATABASE_URL=sqlite:////tmp/build.sqlite3 SINGLE_SERVER=1 python manage.py collectstatic --noinput \
    && rm -f /tmp/build.sqlite3 \
    && mkdir -p "$VAR_DIR" && chown portal:portal "$VAR_DIR"

USER portal
EXPOSE 8000
# gunicorn's own access log stays off: cms.access writes one line per request with the request id and with
# tracking codes and tokens removed from the path, which gunicorn's would keep.
CMD ["gunicorn", "cms.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--threads", "2", \
     "--timeout", "60", "--graceful-timeout", "30", "--error-logfile", "-"]
