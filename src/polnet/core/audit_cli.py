"""`polnet audit ...`: verify the chain and its signed checkpoints, write one, witness other nodes.

Django is set up by the parent command's callback; models are imported inside each command.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(help="The tamper-evident audit log.", no_args_is_help=True)

CheckpointsOption = Annotated[
    Path | None,
    typer.Option("--checkpoints", help="The checkpoint file (default: POLNET_AUDIT_CHECKPOINTS)."),
]


@app.command("verify")
def verify(
    checkpoints: CheckpointsOption = None,
    public_key: Annotated[
        Path | None,
        typer.Option(help="Check signatures against this public key file (default: the node's own key)."),
    ] = None,
) -> None:
    """Check the hash chain and every signed checkpoint; name what was altered, inserted or removed."""
    from polnet.core import signing
    from polnet.core.audit import verify_chain
    from polnet.core.audit_anchor import checkpoints_path, verify_against_checkpoints

    failed = False
    report = verify_chain()
    if report.ok:
        typer.echo(f"Audit chain intact: {report.checked} entries verified.")
        _echo_deletions()
    else:
        failed = True
        typer.echo(
            f"Audit chain BROKEN at {report.problem} ({report.checked} entries before it are intact).",
            err=True,
        )
    public = signing.load_public(public_key.read_bytes()) if public_key else None
    anchor = verify_against_checkpoints(path=checkpoints or checkpoints_path(), public=public)
    if anchor.lines == 0:
        typer.echo(f"No checkpoints in {anchor.path}: the chain was checked against its head only.")
    elif anchor.ok and anchor.latest is not None:
        latest = anchor.latest
        typer.echo(
            f"Checkpoints intact: {anchor.lines} signed lines in {anchor.path}; the latest, of {latest.at}, "
            f"covers entries up to #{latest.seq} and the log still holds them."
        )
    for problem in anchor.problems:
        typer.echo(f"Audit checkpoints BROKEN: {problem}", err=True)
    if failed or not anchor.ok:
        raise typer.Exit(1)


@app.command("checkpoint")
def checkpoint() -> None:
    """Sign the chain's head now, append it to the checkpoint file and send it to the witnesses."""
    from polnet.core import audit_anchor, audit_witness

    try:
        cp = audit_anchor.write_checkpoint()
    except audit_anchor.CheckpointRefused as e:
        typer.echo(f"Checkpoint REFUSED: {e}. Run `polnet audit verify`.", err=True)
        raise typer.Exit(1) from e
    assert cp is not None  # written even when the head has not moved
    typer.echo(f"Checkpoint of {cp.at}: entries up to #{cp.seq}, hash {cp.hash}, key {cp.key_id}.")
    typer.echo(f"Written to {audit_anchor.checkpoints_path()}.")
    for url, result in audit_witness.deliver().items():
        typer.echo(f"Witness {url}: {'up to date' if result == 'ok' else 'not reached (' + result + ')'}")


@app.command("public-key")
def public_key() -> None:
    """Print the node's public key (PEM), which checks its checkpoints."""
    from polnet.core import signing

    key = signing.node_key()
    typer.echo(key.public_pem, nl=False)
    typer.echo(f"# key id {key.key_id}", err=True)


@app.command("trust-witness")
def trust_witness(
    name: Annotated[str, typer.Option(help="A name for the sending node, e.g. its country code.")],
    public_key: Annotated[
        Path, typer.Option(help="The sending node's public key file (`polnet audit public-key`).")
    ],
) -> None:
    """Witness another node's checkpoints: accept those signed by this key."""
    from polnet.core.actor import system_actor
    from polnet.core.audit_witness import trust_sender
    from polnet.core.errors import PolnetError

    try:
        sender = trust_sender(system_actor(), name, public_key.read_text(encoding="utf-8"))
    except (PolnetError, OSError, UnicodeDecodeError) as e:
        typer.echo(f"Not registered: {e}", err=True)
        raise typer.Exit(1) from e
    typer.echo(f"Witnessing {sender.name}: checkpoints signed by key {sender.key_id} are accepted.")


@app.command("witnessed")
def witnessed(name: Annotated[str, typer.Option(help="The sending node's registered name.")]) -> None:
    """List the checkpoints kept for another node, oldest first."""
    from polnet.core.audit_witness import witnessed as listed
    from polnet.core.errors import PolnetError

    try:
        lines = listed(name)
    except PolnetError as e:
        typer.echo(str(e), err=True)
        raise typer.Exit(1) from e
    if not lines:
        typer.echo(f"No checkpoints from {name} yet.")
    for w in lines:
        cp = w.checkpoint
        remark = f"  ! {w.remark}" if w.remark else ""
        typer.echo(
            f"{cp.at}  #{cp.seq}  {cp.hash}  received {cp.received_at.isoformat(timespec='seconds')}{remark}"
        )


def _echo_deletions() -> None:
    """Deleted data leaves its entries in the chain: say how many deletions it holds, and the last."""
    from polnet.core.audit import Action
    from polnet.core.models import AuditEntry

    deletions = AuditEntry.objects.filter(action=Action.DELETE)
    last = deletions.order_by("-seq").first()
    if last is None:
        return
    cause = last.detail.get("cause", "") if isinstance(last.detail, dict) else ""
    typer.echo(
        f"Deletions recorded: {deletions.count()}; the last #{last.seq} at {last.at:%Y-%m-%d %H:%M} UTC: "
        f"{last.object_type} {last.object_id} by {last.actor_name}{f' ({cause})' if cause else ''}."
    )
