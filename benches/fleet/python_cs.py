"""A minimal OCPP 1.6J central system on the `ocpp` package from PyPI (mobilityhouse/ocpp),
for comparison with ladeklar-server under benches/fleet. No database, no authentication, no
charger log: it answers from memory, so it is a lower bound for what a Python central
system on this library costs.

    python python_cs.py --port 9000
"""

import argparse
import asyncio
import itertools
from datetime import datetime, timezone

import websockets
from ocpp.routing import on
from ocpp.v16 import ChargePoint as Cp
from ocpp.v16 import call_result
from ocpp.v16.enums import Action, AuthorizationStatus, RegistrationStatus

TRANSACTION_IDS = itertools.count(1)


def now():
    return datetime.now(timezone.utc).isoformat()


class ChargePoint(Cp):
    @on(Action.boot_notification)
    async def on_boot(self, **_):
        return call_result.BootNotification(current_time=now(), interval=60, status=RegistrationStatus.accepted)

    @on(Action.heartbeat)
    async def on_heartbeat(self, **_):
        return call_result.Heartbeat(current_time=now())

    @on(Action.status_notification)
    async def on_status(self, **_):
        return call_result.StatusNotification()

    @on(Action.authorize)
    async def on_authorize(self, **_):
        return call_result.Authorize(id_tag_info={"status": AuthorizationStatus.accepted})

    @on(Action.start_transaction)
    async def on_start(self, **_):
        return call_result.StartTransaction(
            transaction_id=next(TRANSACTION_IDS), id_tag_info={"status": AuthorizationStatus.accepted}
        )

    @on(Action.meter_values)
    async def on_meter_values(self, **_):
        return call_result.MeterValues()

    @on(Action.stop_transaction)
    async def on_stop(self, **_):
        return call_result.StopTransaction()


async def on_connect(websocket):
    charge_point_id = websocket.request.path.rstrip("/").split("/")[-1]
    cp = ChargePoint(charge_point_id, websocket)
    try:
        await cp.start()
    except websockets.exceptions.ConnectionClosed:
        pass


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=9000)
    args = parser.parse_args()
    async with websockets.serve(
        on_connect, "127.0.0.1", args.port, subprotocols=["ocpp1.6"], max_size=64 * 1024, backlog=4096
    ) as server:
        print(f"python central system on ws://127.0.0.1:{args.port}/ocpp", flush=True)
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main())
