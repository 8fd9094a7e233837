"""Shipped gunicorn settings: sync workers (measured faster than gthread here), no log line for a worker path."""
import multiprocessing
import os

bind = os.environ.get("HARMONY_BIND", "0.0.0.0:5000")
workers = int(os.environ.get("HARMONY_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
timeout = 120  # printing 10,000 slips takes a while
accesslog = os.environ.get("HARMONY_ACCESS_LOG", "-")
logger_class = "survey.web.gunicorn_logging.RedactingLogger"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
