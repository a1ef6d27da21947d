#!/usr/bin/env python3
"""The local fake Stripe for tests and the demo: PyPI `localstripe` 1.15.10, started on
127.0.0.1 only, with its state in memory only (no shared pickle in /tmp), and its answers
completed with the fields real Stripe always returns (which the typed Stripe client needs):

  PaymentIntent: amount_capturable, amount_received, confirmation_method,
                 payment_method_types, canceled_at, cancellation_reason (amount as a number);
                 last_payment_error.type
  Charge:        amount_captured, disputed, billing_details
  Event:         pending_webhooks

Usage: fake-stripe.py --port P [--webhook-url URL --webhook-secret S]
Prints "fake-stripe listening on 127.0.0.1:P" when it accepts connections.
"""
import argparse
import asyncio
import logging

from aiohttp import web
from localstripe import resources, server
from localstripe.webhooks import register_webhook

# State stays in this process.
resources.Store.dump_to_disk = lambda self: None
resources.Store.try_load_from_disk = lambda self: None


def _captured(charge):
    if charge is None or charge.status != "succeeded" or not charge.captured:
        return 0
    return int(charge.amount) - int(charge.amount_refunded or 0)


_pi_export = resources.PaymentIntent._export


def pi_export(self, expand=None):
    obj = _pi_export(self, expand=expand)
    obj["amount"] = int(obj["amount"])
    charge = self.latest_charge
    obj.setdefault("amount_capturable", int(self.amount) if obj.get("status") == "requires_capture" else 0)
    obj.setdefault("amount_received", _captured(charge))
    obj.setdefault("confirmation_method", "automatic")
    obj.setdefault("payment_method_types", ["card"])
    obj.setdefault("canceled_at", None)
    obj.setdefault("cancellation_reason", None)
    if isinstance(obj.get("last_payment_error"), dict):
        obj["last_payment_error"].setdefault("type", "card_error")
    return obj


resources.PaymentIntent._export = pi_export

_charge_export = resources.Charge._export


def charge_export(self, expand=None):
    obj = _charge_export(self, expand=expand)
    obj.setdefault("amount_captured", _captured(self))
    obj.setdefault("disputed", False)
    obj.setdefault("billing_details", {})
    return obj


resources.Charge._export = charge_export

_event_export = resources.Event._export


def event_export(self, expand=None):
    obj = _event_export(self, expand=expand)
    obj.setdefault("pending_webhooks", 0)
    return obj


resources.Event._export = event_export


@web.middleware
async def stripe_js_in_its_own_scope(request, handler):
    """localstripe's Stripe.js declares `class Element` at the top level of a classic script,
    which shadows the DOM's `Element` for every script of the page (the wasm UI's glue checks
    `instanceof Element`, and the page stops updating once the card element is mounted). Real
    Stripe.js declares nothing but `Stripe`: serve the fake's inside a function scope, so it
    too leaves only `window.Stripe` behind."""
    response = await handler(request)
    if request.path == "/js.stripe.com/v3/" and isinstance(response, web.Response) and response.text:
        response.text = "(function () {\n" + response.text + "\n})();\n"
    return response


server.app.middlewares.append(stripe_js_in_its_own_scope)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--webhook-url")
    parser.add_argument("--webhook-secret")
    args = parser.parse_args()
    if args.webhook_url:
        register_webhook("ladeklar", args.webhook_url, args.webhook_secret, None)
    logging.basicConfig(level=logging.WARNING)

    async def announce(app):
        print(f"fake-stripe listening on 127.0.0.1:{args.port}", flush=True)

    server.app.on_startup.append(announce)
    web.run_app(server.app, host="127.0.0.1", port=args.port, print=None, access_log=None)


if __name__ == "__main__":
    main()
