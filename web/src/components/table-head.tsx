import { Table } from '@mantine/core';

/** A table's header row, one column heading per label. */
export function TableHead({ labels }: { readonly labels: readonly string[] }) {
  return (
    <Table.Thead>
      <Table.Tr>
        {labels.map((label) => (
          <Table.Th key={label}>{label}</Table.Th>
        ))}
      </Table.Tr>
    </Table.Thead>
  );
}
