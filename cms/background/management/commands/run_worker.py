from django.core.management.base import BaseCommand
from django.utils.crypto import get_random_string

from cms.background import worker


class Command(BaseCommand):
    help = ("Run background tasks (e-mail, search indexing, machine translation) from the database queue. "
            "Survives a database restart (retries with a growing pause, 1 s to 30 s) and requeues tasks a "
            "stopped worker left running for longer than TASK_LEASE_SECONDS. Run one or more anywhere.")

    def add_arguments(self, parser):
        parser.add_argument("--queue-name", default="*", help="Queues, comma separated; '*' for all (default).")
        parser.add_argument("--backend", default="default", dest="backend_name")
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds between looks at an empty queue.")
        parser.add_argument("--requeue-every", type=float, default=60.0,
                            help="Seconds between looks for tasks left running by a stopped worker.")
        parser.add_argument("--lease", type=int, default=None,
                            help="Seconds after which a running task counts as abandoned (TASK_LEASE_SECONDS).")
        parser.add_argument("--worker-id", default=None, help="Unique per worker (default: random).")

    def handle(self, *args, queue_name, backend_name, interval, requeue_every, lease, worker_id, **options):
        worker.run(queue_names=queue_name.split(","), backend_name=backend_name,
                   worker_id=worker_id or get_random_string(32), interval=interval, lease_seconds=lease,
                   requeue_every=requeue_every)
