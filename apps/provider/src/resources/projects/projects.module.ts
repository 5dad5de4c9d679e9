import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { BuildEntity } from './build.entity';
import { ProjectEntity } from './project.entity';
import { ProjectsController } from './projects.controller';
import { ProjectsService } from './projects.service';

/** The example protected module: copy this folder to add your own (see README "Add a protected module"). */
@Module({
  imports: [TypeOrmModule.forFeature([ProjectEntity, BuildEntity])],
  controllers: [ProjectsController],
  providers: [ProjectsService],
})
export class ProjectsModule {}
