"""Settings: production refuses to start without its secrets, passes Django's deploy checks, and
every settings module takes the service variables from the environment."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.settings.env import email_config, env, env_bool, env_list

ROOT = Path(__file__).resolve().parent.parent
PROD_ENV = {
    "SECRET_KEY": "x9!Kq2#Lm7$Vb4^Zt8&Rw1*Yp5(Hn3)Jd6_Fg0+Cs-Ae=Uo]Ti[Ek{Pl}",
    "ALLOWED_HOSTS": "www.twentsekoers.nl",
    "DATABASE_URL": "sqlite:////tmp/twentsekoers-settings-test.sqlite3",
}
PRINT_SETTINGS = """
import json, django
from django.conf import settings
django.setup()
print(json.dumps({
    "DATABASES": settings.DATABASES["default"],
    "CACHES": settings.CACHES["default"],
    "EMAIL_BACKEND": settings.EMAIL_BACKEND,
    "EMAIL_HOST": getattr(settings, "EMAIL_HOST", None),
    "EMAIL_PORT": getattr(settings, "EMAIL_PORT", None),
    "EMAIL_HOST_USER": getattr(settings, "EMAIL_HOST_USER", None),
    "EMAIL_USE_TLS": getattr(settings, "EMAIL_USE_TLS", None),
    "MAILCHIMP_API_KEY": settings.MAILCHIMP_API_KEY,
    "MAILCHIMP_AUDIENCE_ID": settings.MAILCHIMP_AUDIENCE_ID,
    "MAILCHIMP_API_URL": settings.MAILCHIMP_API_URL,
    "MAILCHIMP_WEBHOOK_SECRET": settings.MAILCHIMP_WEBHOOK_SECRET,
    "SEARCH": settings.WAGTAILSEARCH_BACKENDS["default"],
    "DEBUG": settings.DEBUG,
}, default=str))
"""
SERVICE_ENV = {
    "DATABASE_URL": "postgres://tk:geheim@db.internal:5433/twentsekoers",
    "REDIS_URL": "redis://cache.internal:6380/2",
    "EMAIL_URL": "smtp+tls://mailer%40tk:p%40ss@smtp.internal:2525",
    "MAILCHIMP_API_KEY": "0123456789abcdef-us21",
    "MAILCHIMP_AUDIENCE_ID": "aud123",
    "MAILCHIMP_API_URL": "http://127.0.0.1:9999/3.0",
    "MAILCHIMP_WEBHOOK_SECRET": "webhook-geheim",
}


def clean_env(settings_module, **extra):
    """A minimal environment: nothing from the developer's shell leaks into the child."""
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "PYTHONDONTWRITEBYTECODE": "1",
        "DJANGO_SETTINGS_MODULE": settings_module,
        **extra,
    }


def run_python(code, env, *args):
    return subprocess.run(
        [sys.executable, *args] if not code else [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def settings_in(module, **extra):
    result = run_python(PRINT_SETTINGS, clean_env(module, **extra))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"])
def test_production_refuses_to_start_without_required_variable(missing):
    env = clean_env("config.settings.production", **PROD_ENV)
    del env[missing]
    result = run_python("import django; django.setup()", env)
    assert result.returncode != 0
    first_line = result.stderr.strip().splitlines()[0]
    assert first_line == (
        f"Production settings refuse to start: environment variable {missing} is not set."
    )


def test_production_refusal_names_every_missing_variable():
    result = run_python("import django; django.setup()", clean_env("config.settings.production"))
    assert result.returncode != 0
    first_line = result.stderr.strip().splitlines()[0]
    assert "SECRET_KEY is not set" in first_line
    assert "also missing: ALLOWED_HOSTS, DATABASE_URL" in first_line


def test_production_treats_blank_values_as_missing():
    env = clean_env("config.settings.production", **{**PROD_ENV, "SECRET_KEY": "   "})
    result = run_python("import django; django.setup()", env)
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_passes_deploy_checks():
    result = run_python(
        None,
        clean_env("config.settings.production", **PROD_ENV),
        "manage.py",
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_security_values():
    code = (
        "import json, django; from django.conf import settings; django.setup(); "
        "print(json.dumps({k: getattr(settings, k) for k in ("
        "'DEBUG', 'SECURE_SSL_REDIRECT', 'SECURE_HSTS_SECONDS', 'SECURE_HSTS_INCLUDE_SUBDOMAINS', "
        "'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'SESSION_COOKIE_HTTPONLY', "
        "'SECURE_CONTENT_TYPE_NOSNIFF', 'SECURE_REFERRER_POLICY', "
        "'SECURE_CROSS_ORIGIN_OPENER_POLICY', 'SECURE_PROXY_SSL_HEADER', 'SECURE_REDIRECT_EXEMPT', "
        "'ALLOWED_HOSTS', 'SECRET_KEY')}))"
    )
    result = run_python(code, clean_env("config.settings.production", **PROD_ENV))
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["DEBUG"] is False
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 31_536_000
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["SESSION_COOKIE_HTTPONLY"] is True
    assert values["SECURE_CONTENT_TYPE_NOSNIFF"] is True
    assert values["SECURE_REFERRER_POLICY"] == "same-origin"
    assert values["SECURE_CROSS_ORIGIN_OPENER_POLICY"] == "same-origin"
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert any(re.match(pattern, "healthz") for pattern in values["SECURE_REDIRECT_EXEMPT"])
    assert values["ALLOWED_HOSTS"] == ["www.twentsekoers.nl"]
    assert values["SECRET_KEY"] == PROD_ENV["SECRET_KEY"]


def test_production_redirects_http_to_https_and_sends_hsts():
    code = (
        "import django; django.setup(); from django.test import Client; "
        "from django.test.utils import setup_test_environment; setup_test_environment(); "
        "c = Client(); r = c.get('/robots.txt', HTTP_HOST='www.twentsekoers.nl'); "
        "print(r.status_code, r['Location']); "
        "r = c.get('/robots.txt', HTTP_HOST='www.twentsekoers.nl', secure=True); "
        "print(r.status_code, r['Strict-Transport-Security'])"
    )
    result = run_python(code, clean_env("config.settings.production", **PROD_ENV))
    assert result.returncode == 0, result.stderr
    redirect, secure = result.stdout.strip().splitlines()[-2:]
    assert redirect == "301 https://www.twentsekoers.nl/robots.txt"
    assert secure.startswith("200 max-age=31536000")
    assert "includeSubDomains" in secure


@pytest.mark.parametrize("module", ["config.settings.dev", "config.settings.production"])
def test_runnable_settings_honour_service_variables(module):
    extra = {**PROD_ENV, **SERVICE_ENV} if module.endswith("production") else SERVICE_ENV
    values = settings_in(module, **extra)
    db = values["DATABASES"]
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["HOST"], db["PORT"], db["NAME"], db["USER"]) == (
        "db.internal",
        5433,
        "twentsekoers",
        "tk",
    )
    assert values["CACHES"]["BACKEND"] == "core.redis_cache.FailSoftRedisCache"
    assert values["CACHES"]["LOCATION"] == "redis://cache.internal:6380/2"
    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (values["EMAIL_HOST"], values["EMAIL_PORT"]) == ("smtp.internal", 2525)
    assert values["EMAIL_HOST_USER"] == "mailer@tk"
    assert values["EMAIL_USE_TLS"] is True
    assert values["MAILCHIMP_API_KEY"] == "0123456789abcdef-us21"
    assert values["MAILCHIMP_AUDIENCE_ID"] == "aud123"
    assert values["MAILCHIMP_API_URL"] == "http://127.0.0.1:9999/3.0"
    assert values["MAILCHIMP_WEBHOOK_SECRET"] == "webhook-geheim"
    assert values["SEARCH"]["SEARCH_CONFIG"] == "dutch"


def test_dev_defaults_are_the_embedded_site():
    values = settings_in("config.settings.dev")
    assert values["DEBUG"] is True
    assert values["DATABASES"]["ENGINE"] == "django.db.backends.sqlite3"
    assert values["DATABASES"]["NAME"].endswith("db.sqlite3")
    assert values["CACHES"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"
    assert values["MAILCHIMP_API_KEY"] is None
    assert "SEARCH_CONFIG" not in values["SEARCH"]


def test_test_settings_use_database_url_but_never_live_services():
    values = settings_in("config.settings.test", **SERVICE_ENV)
    assert values["DATABASES"]["HOST"] == "db.internal"
    assert values["SEARCH"]["SEARCH_CONFIG"] == "dutch"
    # The suite must never send mail or reach Mailchimp because of a developer's shell.
    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.locmem.EmailBackend"
    assert values["MAILCHIMP_API_KEY"] is None
    assert values["CACHES"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"


def test_test_settings_default_to_sqlite_in_memory():
    values = settings_in("config.settings.test")
    assert values["DATABASES"]["ENGINE"] == "django.db.backends.sqlite3"
    assert values["DATABASES"]["NAME"] == ":memory:"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "smtp://127.0.0.1:1025",
            {"EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": 1025, "EMAIL_USE_TLS": False},
        ),
        ("smtp://mail.example.org", {"EMAIL_PORT": 25, "EMAIL_USE_SSL": False}),
        ("smtp+tls://mail.example.org", {"EMAIL_PORT": 587, "EMAIL_USE_TLS": True}),
        ("smtp://mail.example.org:2587?tls=1", {"EMAIL_PORT": 2587, "EMAIL_USE_TLS": True}),
        (
            "smtps://mail.example.org",
            {"EMAIL_PORT": 465, "EMAIL_USE_SSL": True, "EMAIL_USE_TLS": False},
        ),
        (
            "smtp://user%40example.org:p%40ss%2Fw0rd@mail.example.org:25",
            {"EMAIL_HOST_USER": "user@example.org", "EMAIL_HOST_PASSWORD": "p@ss/w0rd"},
        ),
    ],
)
def test_email_config_smtp(url, expected):
    config = email_config(url)
    assert config["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    for key, value in expected.items():
        assert config[key] == value, key


def test_email_config_console_and_locmem():
    assert email_config("console://") == {
        "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"
    }
    assert email_config("locmem://") == {
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"
    }


def test_email_config_rejects_unknown_scheme():
    with pytest.raises(ImproperlyConfigured, match="unsupported scheme: 'http'"):
        email_config("http://mail.example.org")


def test_env_helpers(monkeypatch):
    monkeypatch.setenv("TK_LIST", " a.example, ,b.example ")
    monkeypatch.setenv("TK_BLANK", "  ")
    monkeypatch.setenv("TK_YES", "Yes")
    monkeypatch.setenv("TK_NO", "0")
    assert env_list("TK_LIST") == ["a.example", "b.example"]
    assert env("TK_BLANK", "fallback") == "fallback"
    assert env_list("TK_UNSET", ["x"]) == ["x"]
    assert env_bool("TK_YES") is True
    assert env_bool("TK_NO", True) is False
    assert env_bool("TK_UNSET", True) is True


def test_env_example_lists_every_variable_the_settings_read():
    read = set()
    for path in (ROOT / "config" / "settings").glob("*.py"):
        source = path.read_text()
        read |= set(re.findall(r"""\benv(?:_bool|_list)?\(\s*["']([A-Z0-9_]+)["']""", source))
        read |= set(re.findall(r"""os\.environ(?:\.get)?[\[(]\s*["']([A-Z0-9_]+)["']""", source))
    example = (ROOT / ".env.example").read_text()
    listed = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", example, flags=re.MULTILINE))
    assert read, "found no environment variables in the settings"
    assert read - listed == set(), f".env.example misses {sorted(read - listed)}"
    variable = re.compile(r"^#?\s*[A-Z][A-Z0-9_]+=")
    lines = example.splitlines()
    for number, line in enumerate(lines):
        if variable.match(line):
            above = lines[number - 1] if number else ""
            assert above.startswith("# ") and not variable.match(above), (
                f"{line.split('=')[0]} in .env.example needs a comment line above it"
            )


def test_media_go_to_object_storage_when_a_bucket_is_named():
    code = (
        "import django; django.setup(); from django.core.files.storage import storages; "
        "default_storage = storages['default']; "
        "from django.test import Client; "
        "from django.test.utils import setup_test_environment; setup_test_environment(); "
        "print(type(default_storage).__module__, default_storage.bucket_name); "
        "print(default_storage.url('original_images/kaart.jpg')); "
        "r = Client().get('/robots.txt', HTTP_HOST='www.twentsekoers.nl', secure=True); "
        "print(r['Content-Security-Policy'])"
    )
    media = {
        "MEDIA_BUCKET": "tk-media",
        "MEDIA_ENDPOINT_URL": "https://s3.nl-ams.example",
        "MEDIA_DOMAIN": "media.twentsekoers.nl",
        "AWS_ACCESS_KEY_ID": "test",
        "AWS_SECRET_ACCESS_KEY": "test",
    }
    result = run_python(code, clean_env("config.settings.production", **PROD_ENV, **media))
    assert result.returncode == 0, result.stderr
    storage, url, policy = result.stdout.strip().splitlines()[-3:]
    assert storage == "storages.backends.s3 tk-media"
    assert url == "https://media.twentsekoers.nl/original_images/kaart.jpg"
    assert "img-src 'self' https://media.twentsekoers.nl;" in policy
    assert "media-src 'self' https://media.twentsekoers.nl;" in policy
    assert "script-src 'self';" in policy
