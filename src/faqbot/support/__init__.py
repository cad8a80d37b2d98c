"""What every layer leans on: reading and writing files safely, exit
statuses, progress on a terminal, quiet interrupts, bulk-work speed."""
