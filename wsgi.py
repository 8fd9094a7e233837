"""WSGI entry point: `gunicorn -c survey/gunicorn_conf.py wsgi:app` or `flask --app wsgi …`."""
from survey import create_app

app = create_app()
