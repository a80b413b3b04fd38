# Build stage: install the locked dependencies (spaCy pipeline included, from PyPI), each file
# checked against its hash, then the project without dependencies, built by the locked
# setuptools, into a virtual environment that the runtime stage copies whole.
FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
WORKDIR /src
COPY requirements.lock ./
RUN pip install --require-hashes -r requirements.lock
COPY pyproject.toml README.md ./
COPY service ./service
RUN pip install --no-deps --no-build-isolation .

# Runtime stage: no compilers, no sources, a non-root user.
FROM python:3.11-slim
RUN useradd --system --uid 10001 --user-group --no-create-home --shell /usr/sbin/nologin app
COPY --from=build /opt/venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    NEWSX_HOST=0.0.0.0 \
    NEWSX_PORT=8000
WORKDIR /tmp
USER app
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-m", "service.healthcheck"]
CMD ["gunicorn", "--config", "python:service.gunicorn_conf"]
