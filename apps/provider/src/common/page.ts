import { ApiProperty } from '@nestjs/swagger';

/** One page of a list, as services return it. */
export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/**
 * The paging fields of every list answer in OpenAPI. Each list DTO extends it and declares its own typed `items`
 * (Swagger needs the concrete item class).
 */
export abstract class PageMetaDto {
  @ApiProperty({ example: 1 })
  total: number;

  @ApiProperty({ example: 1 })
  page: number;

  @ApiProperty({ example: 20 })
  pageSize: number;
}
